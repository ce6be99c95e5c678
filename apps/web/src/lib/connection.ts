import { useSyncExternalStore } from 'react';
import { wsClient } from './trpc.js';

export type ConnectionStatus = 'live' | 'connecting' | 'reconnecting' | 'offline';

let status: ConnectionStatus = 'connecting';
const listeners = new Set<() => void>();
let everLive = false;

function compute(state: 'idle' | 'connecting' | 'pending', hasError: boolean): ConnectionStatus {
  if (!navigator.onLine) return 'offline';
  if (state === 'pending') return 'live';
  if (state === 'idle') return 'offline';
  return everLive || hasError ? 'reconnecting' : 'connecting';
}

function update() {
  const current = wsClient.connectionState.get();
  if (current.state === 'pending') everLive = true;
  const next = compute(current.state, current.error !== null);
  if (next === status) return;
  status = next;
  for (const listener of listeners) listener();
}

wsClient.connectionState.subscribe({ next: update });
window.addEventListener('online', update);
window.addEventListener('offline', update);

/** live, connecting, reconnecting or offline: what the header's indicator shows. */
export function useConnectionStatus(): ConnectionStatus {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => status,
  );
}
