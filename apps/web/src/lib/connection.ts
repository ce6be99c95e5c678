import { useSyncExternalStore } from 'react';
import type { ConnectionState } from '@confab/sdk';
import { client } from './trpc.js';

export type ConnectionStatus = ConnectionState;

/** The SDK's connection state, except that a browser that knows it is offline says so at once. */
const current = (): ConnectionStatus => (navigator.onLine ? client.connectionState : 'offline');

function subscribe(listener: () => void) {
  const stopListening = client.onConnectionState(listener);
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    stopListening();
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

/** live, connecting, reconnecting or offline: what the header's indicator shows. */
export function useConnectionStatus(): ConnectionStatus {
  return useSyncExternalStore(subscribe, current);
}
