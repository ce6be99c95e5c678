import { useEffect, useState } from 'react';
import { errorMessage } from '../lib/errors.js';
import { pushState, sendTestPush, turnPushOff, turnPushOn, type PushState } from '../chat/push.js';

const explanations: Record<PushState['kind'], string> = {
  unsupported: 'This browser cannot receive push notifications. On an iPhone or iPad, add Confab to the Home Screen first.',
  unavailable: 'This server does not send push notifications.',
  denied: 'Notifications are blocked for this site. Allow them in the browser’s site settings, then reload.',
  off: 'Get DMs and @mentions on this device when no Confab tab is open.',
  on: 'This device gets DMs and @mentions (and everything from rooms set to “All”) when no Confab tab is in view.',
};

/** Push notifications on this device (issue 15): on or off, why not when it cannot be, and a test. */
export function PushSettings() {
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  useEffect(() => {
    let current = true;
    pushState().then(
      (next) => current && setState(next),
      (cause: unknown) => current && setError(errorMessage(cause)),
    );
    return () => {
      current = false;
    };
  }, []);

  async function run(action: () => Promise<PushState | void>) {
    setBusy(true);
    setError(null);
    setSent(false);
    try {
      const next = await action();
      if (next) setState(next);
    } catch (cause) {
      setError(`Could not change notifications on this device: ${errorMessage(cause)}`);
    } finally {
      setBusy(false);
    }
  }

  const isOn = state?.kind === 'on';
  const canToggle = state?.kind === 'on' || state?.kind === 'off';
  return (
    <section className="account-section" aria-labelledby="account-push">
      <h3 id="account-push">Notifications on this device</h3>
      <label className="push-toggle">
        <input
          type="checkbox"
          role="switch"
          checked={isOn}
          disabled={!canToggle || busy}
          aria-describedby="account-push-state"
          onChange={() => void run(isOn ? turnPushOff : turnPushOn)}
        />{' '}
        Push notifications
      </label>
      <p id="account-push-state" className="admin-muted" data-push-state={state?.kind ?? 'loading'}>
        {state ? explanations[state.kind] : 'Checking this browser…'}
      </p>
      {state?.kind === 'on' && (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              await sendTestPush(state.endpoint);
              setSent(true);
            })
          }
        >
          Send a test notification
        </button>
      )}
      {sent && <p role="status">Sent: it should show in a few seconds.</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
