import type { Me, MemberWithPresence, RoomDto } from '@confab/api/router';
import { Avatar } from '../ui/Avatar.js';
import { CloseIcon } from '../ui/icons.js';
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
  return (
    <aside className="members-panel" aria-label="Members">
      <header className="members-header">
        <h2>Members</h2>
        <button className="icon-button small" aria-label="Close members" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {room.topic && <p className="members-topic">{room.topic}</p>}
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
      {onLeave && (
        <div className="members-footer">
          {leaveError && <p className="field-error">{leaveError}</p>}
          <button className="button button-small button-danger" onClick={onLeave}>
            Leave room
          </button>
        </div>
      )}
    </aside>
  );
}
