import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ContactDto, Me, RoomDto } from '@confab/api/router';
import { useSignOut } from '../auth/session.js';
import { errorMessage, fieldErrors } from '../lib/errors.js';
import { formatWhen } from '../lib/format.js';
import { useStore } from '../lib/store.js';
import { trpc } from '../lib/trpc.js';
import { AccountButton } from '../account/AccountButton.js';
import { Avatar } from '../ui/Avatar.js';
import { BellIcon, CloseIcon, HashIcon, LockIcon, LogOutIcon, PlusIcon, SearchIcon, SettingsIcon, UserPlusIcon } from '../ui/icons.js';
import { Logo } from '../ui/Logo.js';
import { addRoom } from './cache.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { LevelBadges } from './NotificationMenu.js';
import { askForNotifications, notificationPermission } from './notifications.js';
import { useOnline } from './presence.js';
import { useTeamInfo } from '../auth/team.js';
import { openRoom } from './browser-page.js';
import { useRoomKeys } from './room-keys.js';
import { SearchBox } from './search/SearchBox.js';

interface Props {
  me: Me;
  rooms: RoomDto[];
  openRoomId: string | null;
  onCreateRoom: () => void;
  onBrowseRooms: () => void;
  onEditProfile: () => void;
}

export function Sidebar({ me, rooms, openRoomId, onCreateRoom, onBrowseRooms, onEditProfile }: Props) {
  const groups = rooms.filter((room) => room.kind === 'group');
  const directs = rooms.filter((room) => room.kind === 'direct');
  const contacts = useQuery(trpc.contact.list.queryOptions());
  const dmPeers = new Set(directs.flatMap((room) => (room.peer ? [room.peer.id] : [])));
  const contactsWithoutDm = (contacts.data ?? []).filter((contact) => !dmPeers.has(contact.user.id));
  useRoomKeys([...groups, ...directs], openRoomId);

  return (
    <aside className="sidebar">
      <div className="sidebar-header">
        <Logo size={26} />
        <span className="sidebar-title">{useTeamInfo().data?.name ?? 'Confab'}</span>
        <ConnectionIndicator />
      </div>
      <SearchBox me={me} />

      <div className="sidebar-scroll">
        <nav className="sidebar-section" aria-label="Rooms">
          <div className="sidebar-section-header">
            <h2>Rooms</h2>
            <button className="icon-button small" aria-label="Browse public rooms" title="Browse public rooms" onClick={onBrowseRooms}>
              <SearchIcon />
            </button>
            <button className="icon-button small" aria-label="Create a room" title="Create a room" onClick={onCreateRoom}>
              <PlusIcon />
            </button>
          </div>
          {groups.length === 0 ? (
            <p className="sidebar-empty">
              No rooms yet:{' '}
              <button className="link-button" onClick={onCreateRoom}>
                create one
              </button>{' '}
              or{' '}
              <button className="link-button" onClick={onBrowseRooms}>
                join one
              </button>
            </p>
          ) : (
            <ul>
              {groups.map((room) => (
                <li key={room.id}>
                  <RoomEntry room={room} isOpen={room.id === openRoomId} />
                </li>
              ))}
            </ul>
          )}
        </nav>

        <nav className="sidebar-section" aria-label="Direct messages">
          <div className="sidebar-section-header">
            <h2>Direct messages</h2>
          </div>
          {directs.length === 0 ? (
            <p className="sidebar-empty">Conversations with people show up here.</p>
          ) : (
            <ul>
              {directs.map((room) => (
                <li key={room.id}>
                  <RoomEntry room={room} isOpen={room.id === openRoomId} />
                </li>
              ))}
            </ul>
          )}
        </nav>

        <nav className="sidebar-section" aria-label="Contacts">
          <div className="sidebar-section-header">
            <h2>Contacts</h2>
          </div>
          {contactsWithoutDm.length > 0 && (
            <ul>
              {contactsWithoutDm.map((contact) => (
                <li key={contact.user.id}>
                  <ContactEntry contact={contact} />
                </li>
              ))}
            </ul>
          )}
          <AddContact />
        </nav>
      </div>

      <div className="sidebar-footer">
        <button className="me-button" onClick={onEditProfile} aria-label={`Profile: ${me.name}`} title="Edit your profile">
          <Avatar name={me.name} url={me.avatarUrl} size={30} />
          <span className="me-name">{me.name}</span>
        </button>
        {me.role === 'admin' && (
          <a className="icon-button" href="#/admin" aria-label="Admin" title="Admin: people, invites, sign-up">
            <SettingsIcon />
          </a>
        )}
        <AccountButton me={me} />
        <NotificationButton />
        <SignOutButton />
      </div>
    </aside>
  );
}

function RoomEntry({ room, isOpen }: { room: RoomDto; isOpen: boolean }) {
  const online = useOnline(room.peer?.id, room.peer?.online ?? false);
  const muted = room.notificationLevel === 'nothing';
  const unread = room.unreadCount > 0 && !isOpen && !muted;
  const mentioned = room.mentionCount > 0 && !isOpen;
  const preview = room.lastMessage
    ? room.lastMessage.deletedAt
      ? 'Message deleted'
      : room.lastMessage.body || (room.lastMessage.attachments.length ? '📎 Attachment' : '')
    : (room.topic ?? '');
  return (
    <button
      className={`room-entry${isOpen ? ' active' : ''}${unread || mentioned ? ' unread' : ''}${muted ? ' muted' : ''}`}
      aria-current={isOpen ? 'page' : undefined}
      onClick={() => openRoom(room.id)}
    >
      {room.kind === 'direct' ? (
        <Avatar name={room.name} url={room.peer?.avatarUrl} size={28} online={online} />
      ) : (
        <span className="room-glyph" aria-hidden="true">
          {room.visibility === 'private' ? <LockIcon /> : <HashIcon />}
        </span>
      )}
      <span className="room-entry-text">
        <span className="room-entry-name">{room.name}</span>
        {preview && <span className="room-entry-preview">{preview}</span>}
      </span>
      <span className="room-entry-meta">
        {room.lastMessage && <span className="room-entry-time">{formatWhen(room.lastMessage.createdAt)}</span>}
        <LevelBadges room={room} isOpen={isOpen} />
        {unread && (
          <span className="badge" aria-label={`${room.unreadCount} unread`}>
            {room.unreadCount > 99 ? '99+' : room.unreadCount}
          </span>
        )}
      </span>
    </button>
  );
}

function ContactEntry({ contact }: { contact: ContactDto }) {
  const queryClient = useQueryClient();
  const online = useOnline(contact.user.id, contact.online);
  const open = useMutation(
    trpc.room.openDirect.mutationOptions({
      onSuccess: (room) => {
        addRoom(room);
        openRoom(room.id);
      },
    }),
  );
  const remove = useMutation(
    trpc.contact.remove.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.contact.list.queryKey() }),
    }),
  );
  const error = open.error ?? remove.error;
  return (
    <div className="contact-row">
      <button
        className="room-entry"
        onClick={() => open.mutate({ userId: contact.user.id })}
        disabled={open.isPending}
        title={`Message ${contact.user.name}`}
      >
        <Avatar name={contact.user.name} url={contact.user.avatarUrl} size={28} online={online} />
        <span className="room-entry-text">
          <span className="room-entry-name">{contact.user.name}</span>
          <span className="room-entry-preview">{error ? errorMessage(error) : online ? 'Online' : 'Start a conversation'}</span>
        </span>
      </button>
      <button
        className="icon-button small contact-remove"
        aria-label={`Remove ${contact.user.name} from contacts`}
        title="Remove from contacts"
        onClick={() => remove.mutate({ userId: contact.user.id })}
        disabled={remove.isPending}
      >
        <CloseIcon />
      </button>
    </div>
  );
}

function AddContact() {
  const [email, setEmail] = useState('');
  const [isOpen, setIsOpen] = useState(false);
  const queryClient = useQueryClient();
  const add = useMutation(
    trpc.contact.add.mutationOptions({
      onSuccess: () => {
        setEmail('');
        setIsOpen(false);
        void queryClient.invalidateQueries({ queryKey: trpc.contact.list.queryKey() });
      },
    }),
  );
  if (!isOpen) {
    return (
      <button className="sidebar-action" onClick={() => setIsOpen(true)}>
        <UserPlusIcon /> Add a contact
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ email });
  };
  const error = add.error ? (fieldErrors(add.error).email ?? errorMessage(add.error)) : null;
  return (
    <form className="add-contact" onSubmit={submit} noValidate>
      <label htmlFor="add-contact-email" className="sr-only">
        Contact email
      </label>
      <input
        id="add-contact-email"
        type="email"
        placeholder="name@example.com"
        value={email}
        autoFocus
        onChange={(event) => setEmail(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setIsOpen(false);
        }}
        aria-invalid={error ? true : undefined}
      />
      <button className="button button-small button-primary" type="submit" disabled={add.isPending || !email.trim()}>
        Add contact
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function NotificationButton() {
  const permission = useStore(notificationPermission, (value) => value);
  if (permission === 'unsupported' || permission === 'granted') return null;
  return (
    <button
      className="icon-button"
      aria-label="Enable notifications"
      title={permission === 'denied' ? 'Notifications are blocked in this browser' : 'Enable notifications'}
      disabled={permission === 'denied'}
      onClick={() => void askForNotifications()}
    >
      <BellIcon />
    </button>
  );
}

function SignOutButton() {
  const signOut = useSignOut();
  return (
    <button className="icon-button" aria-label="Sign out" title="Sign out" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
      <LogOutIcon />
    </button>
  );
}
