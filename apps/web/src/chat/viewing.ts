import { createStore } from '../lib/store.js';

/** Which room is open and whether its newest message is on screen in a visible tab: "reading" it. */
export const viewing = createStore<{ roomId: string | null; atBottom: boolean }>({ roomId: null, atBottom: true });

export function isReading(roomId: string): boolean {
  const view = viewing.get();
  return view.roomId === roomId && view.atBottom && document.visibilityState === 'visible';
}
