import { useState, useSyncExternalStore } from 'react';
import { useConnectionStatus } from '../lib/connection.js';
import { useSettledAnnouncement } from '../ui/Announcer.js';

const LABELS = { idle: 'Connecting…', live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline' } as const;

export function ConnectionIndicator() {
  const status = useConnectionStatus();
  return (
    // Not a live region: changes are announced once settled (useConnectionAnnouncements), not at every flicker.
    <span className={`connection connection-${status}`} title={LABELS[status]}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">
        <span className="sr-only">Connection: </span>
        {LABELS[status]}
      </span>
    </span>
  );
}

const BACK = 'Connected again';

/** Tells screen readers when the connection is lost or back, once it has stayed so for two seconds. */
export function useConnectionAnnouncements(): void {
  const status = useConnectionStatus();
  const [saidLost, setSaidLost] = useState(false);
  const text =
    status === 'offline'
      ? 'You are offline'
      : status === 'reconnecting'
        ? 'Connection lost, reconnecting…'
        : status === 'live' && saidLost
          ? BACK
          : '';
  useSettledAnnouncement(text, 2_000, (said) => setSaidLost(said !== BACK));
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
