import type { PresenceEvent } from '@confab/api/router';
import { createStore, useStore } from '../lib/store.js';

/** Who is online, as the presence stream last said; rebuilt from its snapshot on every (re)connect. */
export const presenceStore = createStore<ReadonlyMap<string, boolean>>(new Map());

export function applyPresence(event: PresenceEvent): void {
  if (event.type === 'snapshot') {
    presenceStore.set(new Map(event.users.map((user) => [user.userId, user.online])));
    return;
  }
  presenceStore.set((current) => new Map(current).set(event.user.userId, event.user.online));
}

/** Live presence when the stream knows the user, else what the server said when the list loaded. */
export function useOnline(userId: string | undefined, fallback = false): boolean {
  return useStore(presenceStore, (map) => (userId ? (map.get(userId) ?? fallback) : fallback));
}
