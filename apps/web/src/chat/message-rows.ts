import type { AttachmentDto, Me, MessageDto } from '@confab/api/router';
import { dayKey, formatDay } from '../lib/format.js';
import type { PendingMessage } from './outbox.js';

/** The rows of a room's message list: day lines, the "New" line, messages grouped by author, sends on their way. */

const GROUP_WINDOW_MS = 5 * 60 * 1000;

export type Row =
  | { kind: 'start'; key: string }
  | { kind: 'loading'; key: string }
  | { kind: 'loading-newer'; key: string }
  | { kind: 'day'; key: string; label: string }
  | { kind: 'unread'; key: string }
  | { kind: 'message'; key: string; message: MessageDto; isContinuation: boolean }
  | { kind: 'pending'; key: string; pending: PendingMessage };

export function buildRows(
  messages: MessageDto[],
  pending: PendingMessage[],
  hasOlder: boolean,
  loadingOlder: boolean,
  hasNewer: boolean,
  myId: string,
  unreadAfterId: number | null,
): Row[] {
  // An empty room says its beginning once, in the list's empty state.
  const empty = messages.length === 0 && pending.length === 0 && !hasOlder && !loadingOlder;
  const rows: Row[] = empty ? [] : [hasOlder || loadingOlder ? { kind: 'loading', key: 'loading' } : { kind: 'start', key: 'start' }];
  let previous: MessageDto | null = null;
  let lastDay: string | null = null;
  let unreadShown = false;
  for (const message of messages) {
    const day = dayKey(message.createdAt);
    if (day !== lastDay) {
      rows.push({ kind: 'day', key: `day-${day}-${message.id}`, label: formatDay(message.createdAt) });
      lastDay = day;
      previous = null;
    }
    // The first unread one only counts as first when what comes before it is loaded (or there is nothing before).
    const firstUnread = unreadAfterId !== null && message.id > unreadAfterId && message.author.id !== myId;
    if (!unreadShown && firstUnread) {
      unreadShown = true;
      if (message !== messages[0] || !hasOlder) {
        rows.push({ kind: 'unread', key: 'unread' });
        previous = null;
      }
    }
    const isContinuation =
      previous !== null &&
      previous.author.id === message.author.id &&
      previous.deletedAt === null &&
      Date.parse(message.createdAt) - Date.parse(previous.createdAt) < GROUP_WINDOW_MS;
    rows.push({ kind: 'message', key: `m${message.id}`, message, isContinuation });
    previous = message;
  }
  // Sends waiting to go out belong after the newest message, which is not loaded yet.
  if (hasNewer) rows.push({ kind: 'loading-newer', key: 'loading-newer' });
  else for (const item of pending) rows.push({ kind: 'pending', key: `p${item.clientId}`, pending: item });
  return rows;
}

/** what the message list is given */
export interface MessageListProps {
  me: Me;
  roomId: string;
  roomName: string;
  /** oldest first */
  messages: MessageDto[];
  pending: PendingMessage[];
  hasOlder: boolean;
  loadingOlder: boolean;
  /** the history was opened further back and newer messages are still to fetch */
  hasNewer: boolean;
  loadingNewer: boolean;
  /** any fetch of this history in flight (a refetch too): a load of older pages waits for it */
  historyBusy: boolean;
  /** the last load of older messages failed: only scrolling asks again */
  olderFailed: boolean;
  loadOlder: () => void;
  loadNewer: () => void;
  /** back to the newest messages (a history opened further back is left for the newest one) */
  jumpToLatest: () => void;
  /** the message to open at, scrolled into view and highlighted for a moment; null: the first unread, else the newest */
  landOn: number | null;
  /** the newest message on screen, whenever the view or its rows change */
  onSeen: (messageId: number) => void;
  memberNames: readonly string[];
  editingId: number | null;
  onEditingChange: (messageId: number | null) => void;
  onOpenImage: (attachment: AttachmentDto) => void;
  /** id of my message the DM peer has read up to, for "Seen" */
  seenMessageId: number | null;
  /** my read marker when the room was opened: a "New" line goes above the first message after it */
  unreadAfterId: number | null;
}
