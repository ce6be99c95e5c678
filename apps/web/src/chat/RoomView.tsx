import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { AttachmentDto, Me, RoomDto } from '@confab/api/router';
import { errorMessage } from '../lib/errors.js';
import { trpc } from '../lib/trpc.js';
import { Avatar } from '../ui/Avatar.js';
import { BackIcon, HashIcon, LockIcon, UserPlusIcon, UsersIcon } from '../ui/icons.js';
import { forgetRoom } from './cache.js';
import { historyOptions, useRetryWhenLive } from './history.js';
import { CatchUpBar, useReadAsSeen } from './CatchUpBar.js';
import { Composer } from './Composer.js';
import { ConnectionBanner } from './ConnectionIndicator.js';
import { Lightbox } from './Lightbox.js';
import { MembersPanel } from './MembersPanel.js';
import { WebhooksButton } from './dialogs/WebhooksDialog.js';
import { MessageList } from './MessageList.js';
import { NotificationMenu } from './NotificationMenu.js';
import { usePending } from './outbox.js';
import { useOnline } from './presence.js';
import { openRoom, useOpenMessageId } from './browser-page.js';
import { describeTyping, useTypingNames } from './typing.js';
import { useMarkedUnread } from './mark-unread.js';

interface Props {
  me: Me;
  room: RoomDto;
  onAddPeople: () => void;
}

/** Unread messages beyond this many open the room around the first unread one rather than at the newest. */
const UNREAD_AROUND = 40;

export function RoomView({ me, room, onAddPeople }: Props) {
  const landing = useLanding(room);
  const history = useInfiniteQuery(historyOptions(room.id, landing.anchor));
  useRetryWhenLive(history);
  const members = useQuery(trpc.room.members.queryOptions({ roomId: room.id }, { staleTime: 60_000 }));
  const pending = usePending(room.id);
  const typingNames = useTypingNames(room.id);
  const [editingId, setEditingId] = useState<number | null>(null);
  const [lightbox, setLightbox] = useState<AttachmentDto | null>(null);
  const [showMembers, setShowMembers] = useState(false);
  const [droppedFiles, setDroppedFiles] = useState<File[]>([]);
  const [dragging, setDragging] = useState(false);
  // Where "New" goes: my read marker as it was when I opened the room (it moves as I read).
  const [openedUnreadAfterId] = useState(() => (room.unreadCount > 0 ? room.lastReadMessageId : null));
  // "Mark as unread" here moves it (and the catch-up bar's count) to that message at once.
  const markedUnreadAfterId = useMarkedUnread(room.id);
  const unreadAfterId = markedUnreadAfterId ?? openedUnreadAfterId;
  const online = useOnline(room.peer?.id, room.peer?.online ?? false);

  const messages = useMemo(() => (history.data ? history.data.pages.flatMap((page) => page.messages).reverse() : []), [history.data]);
  const memberNames = useMemo(() => (members.data ?? []).map((m) => m.user.name), [members.data]);

  // My read marker moves as I scroll through: to the newest message I have seen (not all at once on opening).
  const newest = messages[messages.length - 1];
  const onSeen = useReadAsSeen(room);
  const [openedUnread] = useState(room.unreadCount);
  const unreadAtOpen = markedUnreadAfterId === null ? openedUnread : room.unreadCount;
  const firstUnread = unreadAfterId === null ? undefined : messages.find((m) => m.id > unreadAfterId && m.author.id !== me.id);

  // "Seen": in a DM, under my newest message once the peer's read marker has reached it.
  const peerMember = room.kind === 'direct' ? members.data?.find((m) => m.user.id !== me.id) : undefined;
  const seenMessageId =
    newest && newest.author.id === me.id && peerMember && peerMember.lastReadMessageId >= newest.id && pending.length === 0 ? newest.id : null;

  const editLast = useCallback(() => {
    const last = [...messages].reverse().find((m) => m.author.id === me.id && !m.deletedAt);
    if (last) setEditingId(last.id);
  }, [messages, me.id]);

  const leave = useMutation(
    trpc.room.leave.mutationOptions({
      onSuccess: () => {
        forgetRoom(room.id);
        openRoom(null);
      },
    }),
  );

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length) setDroppedFiles(files);
  };

  const typingText = describeTyping(typingNames);
  return (
    <section
      className={`room${dragging ? ' dragging' : ''}`}
      aria-label={room.name}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) {
          event.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="room-header">
        <button className="icon-button back-button" aria-label="Back to rooms" onClick={() => openRoom(null)}>
          <BackIcon />
        </button>
        {room.kind === 'direct' ? (
          <Avatar name={room.name} url={room.peer?.avatarUrl} size={30} online={online} />
        ) : (
          <span className="room-glyph large" aria-hidden="true">
            {room.visibility === 'private' ? <LockIcon /> : <HashIcon />}
          </span>
        )}
        <div className="room-title">
          <h1>{room.name}</h1>
          <p className="room-topic">
            {room.kind === 'direct'
              ? online
                ? 'Online'
                : 'Offline'
              : room.topic || (room.visibility === 'private' ? 'Private room' : 'Public room')}
          </p>
        </div>
        <div className="room-header-actions">
          <NotificationMenu room={room} />
          {room.kind === 'group' && (
            <button className="icon-button" aria-label="Add people" title="Add people" onClick={onAddPeople}>
              <UserPlusIcon />
            </button>
          )}
          {room.kind === 'group' && <WebhooksButton roomId={room.id} roomName={room.name} />}
          <button
            className="member-stack"
            aria-label={`Members: ${members.data?.length ?? '…'}`}
            aria-expanded={showMembers}
            onClick={() => setShowMembers((v) => !v)}
          >
            <UsersIcon />
            <span>{members.data?.length ?? ''}</span>
          </button>
        </div>
      </header>

      <ConnectionBanner />
      <div className="room-body">
        <div className="room-main">
          <CatchUpBar
            room={room}
            count={unreadAtOpen}
            firstUnread={firstUnread}
            onJump={() => landing.toFirstUnread(unreadAfterId !== null && unreadAfterId > 0 ? unreadAfterId : null)}
          />
          {history.isError ? (
            <div className="room-error" role="alert">
              <p>{errorMessage(history.error)}</p>
              <button className="button" onClick={() => void history.refetch()}>
                Try again
              </button>
            </div>
          ) : history.isPending ? (
            <div className="room-loading" aria-busy="true">
              Loading messages…
            </div>
          ) : (
            <MessageList
              me={me}
              roomId={room.id}
              roomName={room.name}
              messages={messages}
              pending={pending}
              key={`${landing.anchor ?? 'newest'}-${landing.count}`}
              landOn={landing.highlight ? landing.anchor : null}
              hasOlder={history.hasNextPage}
              loadingOlder={history.isFetchingNextPage}
              hasNewer={history.hasPreviousPage}
              loadingNewer={history.isFetchingPreviousPage}
              historyBusy={history.isFetching}
              olderFailed={history.isFetchNextPageError || history.isFetchPreviousPageError}
              loadOlder={() => void history.fetchNextPage({ cancelRefetch: false })}
              loadNewer={() => void history.fetchPreviousPage({ cancelRefetch: false })}
              jumpToLatest={landing.toLatest}
              onSeen={onSeen}
              memberNames={memberNames}
              editingId={editingId}
              onEditingChange={setEditingId}
              onOpenImage={setLightbox}
              seenMessageId={seenMessageId}
              unreadAfterId={unreadAfterId}
            />
          )}
          <div className="typing-line">
            {typingText && (
              <>
                <span className="typing-dots" aria-hidden="true">
                  <span />
                  <span />
                  <span />
                </span>
                {typingText}
              </>
            )}
          </div>
          <Composer
            me={me}
            roomId={room.id}
            placeholder={room.kind === 'direct' ? `Message ${room.name}` : `Message #${room.name}`}
            members={members.data ?? []}
            onEditLast={editLast}
            droppedFiles={droppedFiles}
            onDroppedFilesTaken={() => setDroppedFiles([])}
          />
        </div>
        {showMembers && (
          <MembersPanel
            me={me}
            room={room}
            members={members.data ?? []}
            onClose={() => setShowMembers(false)}
            onLeave={room.kind === 'group' ? () => leave.mutate({ roomId: room.id }) : undefined}
            leaveError={leave.error ? errorMessage(leave.error) : null}
          />
        )}
      </div>
      {dragging && <div className="drop-overlay">Drop files to attach</div>}
      {lightbox && <Lightbox attachment={lightbox} onClose={() => setLightbox(null)} />}
    </section>
  );
}

/**
 * Where the room opens: at the message in the URL (#/r/<id>/m/<messageId>), around the first unread
 * one when many are unread, else at the newest. Each landing (the same message again too) counts.
 */
function useLanding(room: RoomDto) {
  const target = useOpenMessageId();
  const [landing, setLanding] = useState(() => ({
    anchor: target ?? (room.unreadCount >= UNREAD_AROUND && room.lastReadMessageId > 0 ? room.lastReadMessageId : null),
    highlight: target !== null,
    count: 0,
  }));
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (target !== null) setLanding((l) => ({ anchor: target, highlight: true, count: l.count + 1 }));
  }, [target]);
  useEffect(() => {
    const again = (event: Event) => {
      if (event instanceof CustomEvent && typeof event.detail === 'number') {
        const anchor: number = event.detail;
        setLanding((l) => ({ anchor, highlight: true, count: l.count + 1 }));
      }
    };
    window.addEventListener('confab:reopen-message', again);
    return () => window.removeEventListener('confab:reopen-message', again);
  }, []);
  const toLatest = useCallback(() => {
    setLanding((l) => ({ anchor: null, highlight: false, count: l.count + 1 }));
    openRoom(room.id);
  }, [room.id]);
  // Back to the "New" line: around my marker as it was on opening (the newest page when it was 0).
  const toFirstUnread = useCallback((anchor: number | null) => setLanding((l) => ({ anchor, highlight: false, count: l.count + 1 })), []);
  return { ...landing, toLatest, toFirstUnread };
}
