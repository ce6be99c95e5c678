import { useEffect } from 'react';
import type { MessageDto } from '@confab/api/router';
import { errorMessage } from '../lib/errors.js';
import { createStore, useStore } from '../lib/store.js';
import { client } from '../lib/trpc.js';
import type { MenuAction } from './actions/ActionsMenu.js';
import { showToast } from './actions/permalink.js';
import { refreshRoomList } from './cache.js';

/**
 * "Mark as unread" (issue 15): my read marker goes back to just before a message. The room's
 * badge follows from the server's count; the open room moves its "New" line there at once, and
 * it stays unread while I stay (the marker only follows what I see past where it was).
 */
const markedUnread = createStore<ReadonlyMap<string, number>>(new Map());

function UnreadIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M20 12.5V18a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h8" />
      <path d="m4.5 8 7.5 5 3-2" />
      <circle cx="19" cy="6" r="2.5" fill="currentColor" stroke="none" />
    </svg>
  );
}

async function markUnread(message: MessageDto): Promise<void> {
  try {
    const { lastReadMessageId } = await client.room.markUnread.mutate({ roomId: message.roomId, messageId: message.id });
    markedUnread.set((current) => new Map(current).set(message.roomId, lastReadMessageId));
    refreshRoomList();
  } catch (error) {
    showToast(`Could not mark as unread: ${errorMessage(error)}`);
  }
}

/** The message menu's "Mark as unread" entry. */
export function markUnreadAction(message: MessageDto): MenuAction {
  return { label: 'Mark as unread', icon: <UnreadIcon />, onSelect: () => void markUnread(message) };
}

/**
 * Where the open room's "New" line goes after "Mark as unread" there (null: where it was when the
 * room opened). Forgotten when the room closes: opening it again lands on the first unread anyway.
 */
export function useMarkedUnread(roomId: string): number | null {
  useEffect(
    () => () =>
      markedUnread.set((current) => {
        if (!current.has(roomId)) return current;
        const next = new Map(current);
        next.delete(roomId);
        return next;
      }),
    [roomId],
  );
  return useStore(markedUnread, (map) => map.get(roomId) ?? null);
}
