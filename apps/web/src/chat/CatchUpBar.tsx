import { useCallback, useEffect, useRef } from 'react';
import type { MessageDto, RoomDto } from '@confab/api/router';
import { formatTime } from '../lib/format.js';
import { client } from '../lib/trpc.js';
import { setMyReadMarker } from './cache.js';

const MARK_EVERY_MS = 500;

/**
 * My read marker follows what I have actually seen: the newest message that was on screen in a
 * visible tab, sent at most every half second, never backwards.
 */
export function useReadAsSeen(room: RoomDto): (messageId: number) => void {
  const marked = useRef(room.lastReadMessageId);
  const waiting = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Leaving the room sends what was seen and not sent yet.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      if (waiting.current > marked.current) void client.room.markRead.mutate({ roomId: room.id, messageId: waiting.current }).catch(() => {});
    },
    [room.id],
  );
  return useCallback(
    (messageId: number) => {
      if (messageId <= marked.current || document.visibilityState !== 'visible') return;
      waiting.current = Math.max(waiting.current, messageId);
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        const target = waiting.current;
        if (target <= marked.current) return;
        marked.current = target;
        void client.room.markRead.mutate({ roomId: room.id, messageId: target }).catch(() => {});
      }, MARK_EVERY_MS);
    },
    [room.id],
  );
}

interface Props {
  room: RoomDto;
  /** unread when the room was opened */
  count: number;
  firstUnread: MessageDto | undefined;
  onJump: () => void;
}

/** "12 new messages since 9:14" over a room opened with unread messages, until they are read. */
export function CatchUpBar({ room, count, firstUnread, onJump }: Props) {
  if (room.unreadCount === 0 || count === 0) return null;
  const markAll = () => {
    const newest = room.lastMessage?.id;
    if (!newest) return;
    setMyReadMarker(room.id, newest);
    void client.room.markRead.mutate({ roomId: room.id, messageId: newest }).catch(() => {});
  };
  return (
    <div className="catch-up-bar" role="status">
      <span>
        {count} new message{count === 1 ? '' : 's'}
        {firstUnread ? ` since ${formatTime(firstUnread.createdAt)}` : ''}
      </span>
      <button className="link-button" onClick={onJump}>
        Jump to first unread
      </button>
      <button className="link-button" onClick={markAll}>
        Mark as read
      </button>
    </div>
  );
}
