import { useEffect, useSyncExternalStore } from 'react';
import type { RoomDto } from '@confab/api/router';
import { useTeamInfo } from '../auth/team.js';

// What the chat keeps in the browser page itself: the open room in the URL, the tab's title, whether the tab is visible.

/**
 * The open room lives in the URL hash (#/r/<id>), so a reload or a notification click lands there;
 * #/r/<id>/m/<messageId> opens the room at that message (a permalink).
 */
const route = () => location.hash.match(/^#\/r\/([\w-]+)(?:\/m\/(\d+))?$/);
const read = () => route()?.[1] ?? null;
const readMessageId = () => {
  const id = route()?.[2];
  return id === undefined ? null : Number(id);
};

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useOpenRoomId(): string | null {
  return useSyncExternalStore(subscribe, read);
}

/** the message the open room was opened at (#/r/<id>/m/<messageId>), or null */
export function useOpenMessageId(): number | null {
  return useSyncExternalStore(subscribe, readMessageId);
}

export function openRoom(roomId: string | null): void {
  if (roomId === null) {
    history.pushState(null, '', location.pathname);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else if (read() !== roomId || readMessageId() !== null) {
    location.hash = `#/r/${roomId}`;
  }
}

/**
 * Opens a room scrolled to one message, highlighted for a moment, with history loading both ways
 * from there (search results, replies, permalinks, notifications). Opening the same message again
 * lands on it again.
 */
export function openAt(roomId: string, messageId: number): void {
  const hash = `#/r/${roomId}/m/${messageId}`;
  if (location.hash === hash) window.dispatchEvent(new CustomEvent('confab:reopen-message', { detail: messageId }));
  else location.hash = hash;
}

/**
 * What a room adds to the title's count, by its level: every unread message of a room set to "all",
 * only the unread @mentions of one set to "mentions", and of a muted one (the server already counts
 * none there when its mentions are ignored too). The count follows what would notify.
 */
export function titleCount(room: Pick<RoomDto, 'notificationLevel' | 'unreadCount' | 'mentionCount'>): number {
  return room.notificationLevel === 'all' ? room.unreadCount : room.mentionCount;
}

/** The team's name ("Confab" until it is set), with "(3) " in front while anything is unread. */
export function useDocumentTitle(unread: number): void {
  const team = useTeamInfo().data?.name ?? 'Confab';
  useEffect(() => {
    document.title = unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${team}` : team;
  }, [unread, team]);
}

function subscribeVisibility(listener: () => void) {
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}

export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState === 'visible');
}
