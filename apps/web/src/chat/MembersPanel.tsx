import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Me, MemberWithPresence, RoomDto } from '@confab/api/router';
import { errorMessage } from '../lib/errors.js';
import { trpc } from '../lib/trpc.js';
import { updateRoom } from './cache.js';
import { Avatar } from '../ui/Avatar.js';
import { CloseIcon } from '../ui/icons.js';
import { useFocusReturn } from '../ui/Dialog.js';
import { useStore } from '../lib/store.js';
import { presenceStore } from './presence.js';

interface Props {
  me: Me;
  room: RoomDto;
  members: MemberWithPresence[];
  onClose: () => void;
  onLeave: (() => void) | undefined;
  leaveError: string | null;
}

/** Who is in the room, online first; the place to leave a group. */
export function MembersPanel({ me, room, members, onClose, onLeave, leaveError }: Props) {
  const presence = useStore(presenceStore, (map) => map);
  const withPresence = members.map((m) => ({ ...m, online: m.user.id === me.id || (presence.get(m.user.id) ?? m.online) }));
  const sorted = [...withPresence].sort((a, b) => Number(b.online) - Number(a.online) || a.user.name.localeCompare(b.user.name));
  useFocusReturn();
  return (
    <aside
      className="members-panel"
      aria-label="Members"
      onKeyDown={(event) => {
        // Escape closes the panel; in the topic editor it cancels the edit only
        if (event.key !== 'Escape' || (event.target instanceof Element && event.target.closest('form'))) return;
        event.stopPropagation();
        onClose();
      }}
    >
      <header className="members-header">
        <h2>Members</h2>
        <button className="icon-button small" aria-label="Close members" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {room.kind === 'group' ? <TopicEditor room={room} /> : null}
      <ul className="members-list">
        {sorted.map((member) => (
          <li key={member.user.id}>
            <Avatar name={member.user.name} url={member.user.avatarUrl} size={28} online={member.online} />
            <span className="member-name">
              {member.user.name}
              {member.user.id === me.id && <span className="member-you"> (you)</span>}
            </span>
            {member.role === 'owner' && <span className="member-role">owner</span>}
          </li>
        ))}
      </ul>
      {onLeave && <LeaveButton roomName={room.name} onLeave={onLeave} leaveError={leaveError} />}
    </aside>
  );
}

/** Leaving asks first: one click on "Leave room", then "Leave" to confirm (or "Stay"). */
function LeaveButton({ roomName, onLeave, leaveError }: { roomName: string; onLeave: () => void; leaveError: string | null }) {
  const [asking, setAsking] = useState(false);
  return (
    <div className="members-footer">
      {leaveError && <p className="field-error">{leaveError}</p>}
      {asking ? (
        <div role="group" aria-label={`Leave ${roomName}?`} className="leave-confirm">
          <p>Leave {roomName}? You can come back only if it is public or someone adds you again.</p>
          <button className="button button-small button-danger" onClick={onLeave}>
            Leave
          </button>
          <button className="button button-small" autoFocus onClick={() => setAsking(false)}>
            Stay
          </button>
        </div>
      ) : (
        <button className="button button-small button-danger" onClick={() => setAsking(true)}>
          Leave room
        </button>
      )}
    </div>
  );
}

/** The room's topic; its owner can rename the room and change the topic here. */
function TopicEditor({ room }: { room: RoomDto }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(room.name);
  const [topic, setTopic] = useState(room.topic ?? '');
  const update = useMutation(
    trpc.room.update.mutationOptions({
      onSuccess: (info) => {
        updateRoom(room.id, (r) => ({ ...r, name: info.name ?? r.name, topic: info.topic }));
        setEditing(false);
      },
    }),
  );
  if (!editing) {
    return (
      <div className="members-topic">
        <span>{room.topic || 'No topic yet.'}</span>{' '}
        {room.role === 'owner' && (
          <button
            className="link-button"
            onClick={() => {
              setName(room.name);
              setTopic(room.topic ?? '');
              setEditing(true);
            }}
          >
            Edit room
          </button>
        )}
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ roomId: room.id, name, topic: topic.trim() || null });
  };
  return (
    <form className="members-topic topic-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}>
      <label htmlFor="room-name-edit">Name</label>
      <input id="room-name-edit" value={name} autoFocus onChange={(e) => setName(e.target.value)} />
      <label htmlFor="room-topic-edit">Topic</label>
      <input id="room-topic-edit" value={topic} onChange={(e) => setTopic(e.target.value)} />
      {update.error && <p className="field-error">{errorMessage(update.error)}</p>}
      <div className="topic-actions">
        <button className="button button-small" type="button" onClick={() => setEditing(false)}>
          Cancel
        </button>
        <button className="button button-small button-primary" type="submit" disabled={update.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}
