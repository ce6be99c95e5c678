import { useEffect, useRef, useState } from 'react';
import type { RoomDto } from '@confab/api/router';
import { errorMessage } from '../lib/errors.js';
import { client } from '../lib/trpc.js';
import { BellIcon } from '../ui/icons.js';
import { refreshRoomList, updateRoom } from './cache.js';

type Level = RoomDto['notificationLevel'];

const LEVELS: { level: Level; label: string; hint: string }[] = [
  { level: 'all', label: 'All messages', hint: 'Count and notify every message' },
  { level: 'mentions', label: 'Mentions', hint: 'Notify only when someone @mentions you' },
  { level: 'nothing', label: 'Nothing (mute)', hint: 'No badge, no notification' },
];

/** a bell struck through: the room is muted */
const MutedIcon = () => (
  <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" aria-hidden="true">
    <path d="M6 16V11a6 6 0 0 1 9.5-4.9M18 11v5l1.5 2h-13M10 20a2 2 0 0 0 4 0M4 4l16 16" />
  </svg>
);

/**
 * How this room notifies me: all, mentions or nothing (with "ignore mentions" when muted). The
 * change shows at once here; the server tells my other devices (`notification.updated`).
 */
export function NotificationMenu({ room }: { room: RoomDto }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const wrap = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !wrap.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const choose = (level: Level, ignoreMentions: boolean) => {
    const before = { notificationLevel: room.notificationLevel, ignoreMentions: room.ignoreMentions };
    updateRoom(room.id, (r) => ({ ...r, notificationLevel: level, ignoreMentions, unreadCount: level === 'nothing' ? 0 : r.unreadCount }));
    setError(null);
    client.room.setNotificationLevel
      .mutate({ roomId: room.id, level, ignoreMentions })
      // The counts under the new level are the server's to say.
      .then(refreshRoomList, (cause: unknown) => {
        updateRoom(room.id, (r) => ({ ...r, ...before }));
        setError(errorMessage(cause));
      });
  };
  const muted = room.notificationLevel === 'nothing';
  return (
    <div className="level-menu-wrap" ref={wrap}>
      <button
        className="icon-button"
        aria-label={`Notifications: ${LEVELS.find((l) => l.level === room.notificationLevel)?.label ?? ''}`}
        title="Notifications for this room"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
      >
        {muted ? <MutedIcon /> : <BellIcon />}
      </button>
      {open && (
        <div className="level-menu" role="menu" aria-label="Notifications for this room">
          {LEVELS.map(({ level, label, hint }) => (
            <button
              key={level}
              role="menuitemradio"
              aria-checked={room.notificationLevel === level}
              className="level-menu-item"
              onClick={() => {
                choose(level, level === 'nothing' ? room.ignoreMentions : false);
                setOpen(false);
              }}
            >
              <span>{label}</span>
              <span className="level-menu-hint">{hint}</span>
            </button>
          ))}
          {muted && (
            <button
              role="menuitemcheckbox"
              aria-checked={room.ignoreMentions}
              className="level-menu-item"
              onClick={() => choose('nothing', !room.ignoreMentions)}
            >
              <span>Ignore mentions too</span>
              <span className="level-menu-hint">@mentions of you neither count nor notify</span>
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="level-menu-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** In the sidebar: a muted icon for a muted room, an @ badge while it has unread mentions of me. */
export function LevelBadges({ room, isOpen }: { room: RoomDto; isOpen: boolean }) {
  const muted = room.notificationLevel === 'nothing';
  const mentioned = room.mentionCount > 0 && !isOpen;
  return (
    <>
      {muted && (
        <span className="room-entry-muted" title="Muted" aria-label="Muted">
          <MutedIcon />
        </span>
      )}
      {mentioned && (
        <span className="badge badge-mention" aria-label={`${room.mentionCount} mention${room.mentionCount === 1 ? '' : 's'} of you`}>
          @
        </span>
      )}
    </>
  );
}
