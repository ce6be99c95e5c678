import { useEffect, useSyncExternalStore } from 'react';

// What the chat keeps in the browser page itself: the open room in the URL, the tab's title, whether the tab is visible.

/** The open room lives in the URL hash (#/r/<id>), so a reload or a notification click lands there. */
const read = () => location.hash.match(/^#\/r\/([\w-]+)$/)?.[1] ?? null;

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useOpenRoomId(): string | null {
  return useSyncExternalStore(subscribe, read);
}

export function openRoom(roomId: string | null): void {
  if (roomId === null) {
    history.pushState(null, '', location.pathname);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else if (read() !== roomId) {
    location.hash = `#/r/${roomId}`;
  }
}

/** "(3) Confab" while anything is unread. */
export function useDocumentTitle(unread: number): void {
  useEffect(() => {
    document.title = unread > 0 ? `(${unread > 99 ? '99+' : unread}) Confab` : 'Confab';
  }, [unread]);
}

function subscribeVisibility(listener: () => void) {
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}

export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState === 'visible');
}
