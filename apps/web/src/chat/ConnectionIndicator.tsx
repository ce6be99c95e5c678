import { useConnectionStatus } from '../lib/connection.js';

const LABELS = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline' } as const;

export function ConnectionIndicator() {
  const status = useConnectionStatus();
  return (
    <span className={`connection connection-${status}`} role="status" aria-label={`Connection: ${LABELS[status]}`} title={LABELS[status]}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{LABELS[status]}</span>
    </span>
  );
}
