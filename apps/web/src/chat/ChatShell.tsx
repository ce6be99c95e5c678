import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Me, RoomDto } from '@confab/api/router';
import { errorMessage } from '../lib/errors.js';
import { trpc } from '../lib/trpc.js';
import { Announcer, announce, useSettledAnnouncement } from '../ui/Announcer.js';
import { Logo } from '../ui/Logo.js';
import { useConnectionAnnouncements } from './ConnectionIndicator.js';
import { AddPeopleDialog } from './dialogs/AddPeopleDialog.js';
import { BrowseRoomsDialog } from './dialogs/BrowseRoomsDialog.js';
import { CreateRoomDialog } from './dialogs/CreateRoomDialog.js';
import { ProfileDialog } from './dialogs/ProfileDialog.js';
import { useLiveStreams } from './live.js';
import { useTabInView } from './push.js';
import { useOutboxKeptAcrossReloads } from './outbox.js';
import { RoomView } from './RoomView.js';
import { titleCount, useDocumentTitle, useOpenRoomId, usePageVisible } from './browser-page.js';
import { Sidebar } from './Sidebar.js';
import { describeTyping, useTypingNames } from './typing.js';

type DialogName = 'create-room' | 'browse-rooms' | 'profile' | 'add-people' | null;

/** The signed-in app: sidebar, the open room, and the dialogs; one set of live streams for all of it. */
export function ChatShell({ me }: { me: Me }) {
  useLiveStreams(me);
  useTabInView();
  useOutboxKeptAcrossReloads(me);
  const rooms = useQuery(trpc.room.list.queryOptions());
  const openRoomId = useOpenRoomId();
  const [dialog, setDialog] = useState<DialogName>(null);
  const list = rooms.data ?? [];
  const room = list.find((r) => r.id === openRoomId) ?? null;
  const visible = usePageVisible();
  // The open room counts too while the tab is in the background: those messages are unread.
  useDocumentTitle(list.reduce((sum, r) => sum + (r.id === openRoomId && visible ? 0 : titleCount(r)), 0));
  useNewMessageAnnouncement(me, room);
  useSettledAnnouncement(describeTyping(useTypingNames(room?.id ?? '')), 1_500);
  useConnectionAnnouncements();
  useFocusBackToRoomEntry(room?.id ?? null);

  return (
    <div className="shell" data-view={room ? 'room' : 'list'}>
      {room && <SkipLinks />}
      <Announcer />
      <Sidebar
        me={me}
        rooms={list}
        openRoomId={room?.id ?? null}
        onCreateRoom={() => setDialog('create-room')}
        onBrowseRooms={() => setDialog('browse-rooms')}
        onEditProfile={() => setDialog('profile')}
      />
      <main className="room-pane">
        {room ? (
          <RoomView key={room.id} me={me} room={room} onAddPeople={() => setDialog('add-people')} />
        ) : rooms.isError ? (
          <div className="welcome" role="alert">
            <p>{errorMessage(rooms.error)}</p>
          </div>
        ) : (
          <div className="welcome">
            <Logo size={48} />
            <h1>Welcome, {me.name.split(' ')[0]}</h1>
            <p>
              {list.length ? 'Pick a conversation on the left.' : 'Add a contact by email, create a room, or browse public rooms to get started.'}
            </p>
            <div className="welcome-actions">
              <button className="button button-primary" onClick={() => setDialog('create-room')}>
                Create a room
              </button>
              <button className="button" onClick={() => setDialog('browse-rooms')}>
                Browse rooms
              </button>
            </div>
          </div>
        )}
      </main>
      {dialog === 'create-room' && <CreateRoomDialog onClose={() => setDialog(null)} />}
      {dialog === 'browse-rooms' && <BrowseRoomsDialog onClose={() => setDialog(null)} />}
      {dialog === 'profile' && <ProfileDialog me={me} onClose={() => setDialog(null)} />}
      {dialog === 'add-people' && room && <AddPeopleDialog room={room} onClose={() => setDialog(null)} />}
    </div>
  );
}

/** Keyboard users jump past the sidebar: to the box they type in, or to the messages to read. */
function SkipLinks() {
  const focus = (selector: string) => document.querySelector<HTMLElement>(selector)?.focus();
  return (
    <>
      <button type="button" className="skip-link" onClick={() => focus('.composer textarea')}>
        Skip to composer
      </button>
      <button type="button" className="skip-link" onClick={() => focus('.message-list[role="log"]')}>
        Skip to messages
      </button>
    </>
  );
}

/**
 * Closing a room (the phone's Back button) puts the focus on its entry in the sidebar, or on the
 * first entry when it is gone (a room left), rather than leaving it on <body>.
 */
function useFocusBackToRoomEntry(openRoomId: string | null): void {
  const entry = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (openRoomId) {
      entry.current = document.querySelector<HTMLElement>('.room-entry[aria-current="page"]');
      return;
    }
    const target = entry.current?.isConnected ? entry.current : document.querySelector<HTMLElement>('.room-entry');
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (entry.current && lost) target?.focus();
    entry.current = null;
  }, [openRoomId]);
}

/**
 * Someone else's new message in the open room is said once, author and text; the list itself is
 * not a live region (a virtualized list re-renders rows, and a reader would hear them again).
 */
function useNewMessageAnnouncement(me: Me, room: RoomDto | null): void {
  const last = room?.lastMessage ?? null;
  const seen = useRef<{ roomId: string | null; messageId: number }>({ roomId: null, messageId: 0 });
  useEffect(() => {
    const previous = seen.current;
    seen.current = { roomId: room?.id ?? null, messageId: last?.id ?? 0 };
    // Opening a room says nothing: what is already there is read from the list.
    if (!room || !last || previous.roomId !== room.id || last.id <= previous.messageId) return;
    if (last.author.id === me.id || last.deletedAt) return;
    const text = last.body.trim() || (last.attachments.length ? 'sent an attachment' : '');
    announce(`${last.author.name}: ${text}`);
  }, [room, last, me.id]);
}
