import type { MemberWithPresence, MessageDto, ReactionDto, ReplyToDto, RoomDto } from '@confab/api/router';
import { queryClient, trpc } from '../lib/trpc.js';
import { allHistoriesKey, reachesNewest, roomHistoriesKey, type History } from './history.js';
import { followOriginal } from './reply/composer-state.js';
import { quoteExcerpt } from './reply/excerpt.js';

/** The room cache updates a sync event makes; the UI only ever reads the query cache. */

/** Applies `update` to every cached history of the room (the newest, and each one opened at a message). */
function updateHistories(roomId: string, update: (data: History) => History): void {
  queryClient.setQueriesData<History>({ queryKey: roomHistoriesKey(roomId) }, (data) => (data ? update(data) : data));
}
const roomListKey = () => trpc.room.list.queryKey();
const membersKey = (roomId: string) => trpc.room.members.queryKey({ roomId });

/**
 * Adds a message to the newest page unless it is there already (a send's reply and its event both
 * arrive). A history opened further back gets it when its reader scrolls down to it.
 */
export function addMessage(message: MessageDto): void {
  updateHistories(message.roomId, (data) => {
    if (data.pages.some((page) => page.messages.some((m) => m.id === message.id))) return replaceMessageIn(data, message);
    if (!reachesNewest(data)) return data;
    const [first, ...rest] = data.pages;
    if (!first) return { ...data, pages: [{ messages: [message], nextCursor: null, newerCursor: null }] };
    // Pages are newest first; keep the newest page ordered by id even if events race.
    const messages = [message, ...first.messages].sort((a, b) => b.id - a.id);
    return { ...data, pages: [{ ...first, messages }, ...rest] };
  });
}

function replaceMessageIn(data: History, message: MessageDto): History {
  return {
    ...data,
    pages: data.pages.map((page) =>
      page.messages.some((m) => m.id === message.id) ? { ...page, messages: page.messages.map((m) => (m.id === message.id ? message : m)) } : page,
    ),
  };
}

/** An edit or a delete (mine, or another's `message.updated` / `message.deleted`): the message, and every reply quoting it. */
export function replaceMessage(message: MessageDto): void {
  updateHistories(message.roomId, (data) => replaceMessageIn(data, message));
  updateRoom(message.roomId, (room) => (room.lastMessage?.id === message.id ? { ...room, lastMessage: message } : room));
  updateQuotesOf(message);
}

/**
 * Replies already on screen follow their original: its new excerpt after an edit (the server's rule,
 * from the body the event carries), "deleted message" after a delete. Every cached history and the
 * room list are patched; a cache without such a reply is left as it is (nothing re-renders).
 */
function updateQuotesOf(original: MessageDto): void {
  const deleted = original.deletedAt !== null;
  const excerpt = deleted ? '' : quoteExcerpt(original.body);
  const quotes = (m: MessageDto) => m.replyTo?.id === original.id;
  const requote = (m: MessageDto): MessageDto => {
    const replyTo: ReplyToDto | null = m.replyTo && { ...m.replyTo, author: m.replyTo.author ?? original.author, excerpt, deleted };
    return quotes(m) ? { ...m, replyTo } : m;
  };
  queryClient.setQueriesData<History>({ queryKey: allHistoriesKey }, (data) =>
    data?.pages.some((page) => page.messages.some(quotes))
      ? { ...data, pages: data.pages.map((page) => (page.messages.some(quotes) ? { ...page, messages: page.messages.map(requote) } : page)) }
      : data,
  );
  queryClient.setQueryData<RoomDto[]>(roomListKey(), (rooms) =>
    rooms?.some((room) => room.lastMessage && quotes(room.lastMessage))
      ? rooms.map((room) => (room.lastMessage && quotes(room.lastMessage) ? { ...room, lastMessage: requote(room.lastMessage) } : room))
      : rooms,
  );
  followOriginal(original.roomId, original.id, deleted ? null : excerpt);
}

export function setReactions(roomId: string, messageId: number, reactions: ReactionDto[]): void {
  updateHistories(roomId, (data) => ({
    ...data,
    pages: data.pages.map((page) => ({ ...page, messages: page.messages.map((m) => (m.id === messageId ? { ...m, reactions } : m)) })),
  }));
}

export function getRooms(): RoomDto[] | undefined {
  return queryClient.getQueryData<RoomDto[]>(roomListKey());
}

export function updateRoom(roomId: string, update: (room: RoomDto) => RoomDto): void {
  queryClient.setQueryData<RoomDto[]>(roomListKey(), (rooms) => rooms?.map((room) => (room.id === roomId ? update(room) : room)));
}

/** A room I just created, joined or opened, before the list refetches. */
export function addRoom(room: RoomDto): void {
  queryClient.setQueryData<RoomDto[]>(roomListKey(), (rooms) => (rooms ? sortRooms([room, ...rooms.filter((r) => r.id !== room.id)]) : rooms));
}

function sortRooms(rooms: RoomDto[]): RoomDto[] {
  return [...rooms].sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
}

/**
 * A new message moves its room to the top; someone else's counts as unread unless I am reading it.
 * Mine, from any of my devices, moved my read marker to it on the server (no `read.updated` says
 * so): nothing in the room is unread any more.
 */
export function roomGotMessage(message: MessageDto, myId: string, isReading: boolean, mentionsMe = false): void {
  const rooms = getRooms();
  if (rooms && !rooms.some((room) => room.id === message.roomId)) {
    // A DM someone else just started: the list does not know the room yet.
    void queryClient.invalidateQueries({ queryKey: roomListKey() });
    return;
  }
  queryClient.setQueryData<RoomDto[]>(roomListKey(), (list) =>
    list
      ? sortRooms(
          list.map((room) => {
            if (room.id !== message.roomId) return room;
            if (room.lastMessage && room.lastMessage.id > message.id) return room;
            const mine = message.author.id === myId;
            // Muted: nothing counts, except a mention unless those are ignored too (the server counts the same way).
            const muted = room.notificationLevel === 'nothing';
            const mentionCounts = mentionsMe && !(muted && room.ignoreMentions);
            const counts = !mine && !isReading;
            return {
              ...room,
              lastMessage: message,
              lastActivityAt: message.createdAt,
              unreadCount: mine ? 0 : counts && !muted ? room.unreadCount + 1 : room.unreadCount,
              mentionCount: mine ? 0 : counts && mentionCounts ? room.mentionCount + 1 : room.mentionCount,
              lastReadMessageId: mine ? message.id : room.lastReadMessageId,
            };
          }),
        )
      : list,
  );
}

export function setMyReadMarker(roomId: string, lastReadMessageId: number): void {
  const room = getRooms()?.find((r) => r.id === roomId);
  if (!room) return;
  if (room.lastMessage && lastReadMessageId < room.lastMessage.id) {
    // Read up to somewhere in the middle: only the server can count what is left.
    void queryClient.invalidateQueries({ queryKey: roomListKey() });
    return;
  }
  updateRoom(roomId, (r) => ({ ...r, unreadCount: 0, mentionCount: 0, lastReadMessageId: Math.max(r.lastReadMessageId, lastReadMessageId) }));
}

/** A member's marker only moves forward: from their `read.updated`, or to a message they sent. */
export function setMemberReadMarker(roomId: string, userId: string, lastReadMessageId: number): void {
  queryClient.setQueryData<MemberWithPresence[]>(membersKey(roomId), (members) =>
    members?.map((member) =>
      member.user.id === userId ? { ...member, lastReadMessageId: Math.max(member.lastReadMessageId, lastReadMessageId) } : member,
    ),
  );
}

export function refreshRoomList(): void {
  void queryClient.invalidateQueries({ queryKey: roomListKey() });
}

export function refreshMembers(roomId: string): void {
  void queryClient.invalidateQueries({ queryKey: membersKey(roomId) });
}

export function forgetRoom(roomId: string): void {
  queryClient.setQueryData<RoomDto[]>(roomListKey(), (rooms) => rooms?.filter((room) => room.id !== roomId));
  queryClient.removeQueries({ queryKey: roomHistoriesKey(roomId) });
}

/** After a reconnect that could not be replayed, everything on screen is refetched. */
export function refetchEverything(): void {
  void queryClient.invalidateQueries();
}
