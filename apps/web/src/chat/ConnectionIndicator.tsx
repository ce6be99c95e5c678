import { useSyncExternalStore } from 'react';
import { useConnectionStatus } from '../lib/connection.js';

const LABELS = { idle: 'Connecting…', live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline' } as const;

export function ConnectionIndicator() {
  const status = useConnectionStatus();
  return (
    <span className={`connection connection-${status}`} role="status" aria-label={`Connection: ${LABELS[status]}`} title={LABELS[status]}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{LABELS[status]}</span>
    </span>
  );
}

const narrow = window.matchMedia('(max-width: 720px)');

function useIsNarrow(): boolean {
  return useSyncExternalStore(
    (listener) => {
      narrow.addEventListener('change', listener);
      return () => narrow.removeEventListener('change', listener);
    },
    () => narrow.matches,
  );
}

/** On a phone the sidebar (and its indicator) is off screen, so the room says when it is not live. */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  const isNarrow = useIsNarrow();
  if (!isNarrow || status === 'live') return null;
  return (
    <div className={`connection-banner connection-${status}`}>{status === 'offline' ? 'You are offline' : 'Connection lost, reconnecting…'}</div>
  );
}
