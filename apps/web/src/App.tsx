import { SignedOutGate } from './auth/Gate.js';
import { AdminGate } from './admin/AdminGate.js';
import { useMe } from './auth/session.js';
import { ChatShell } from './chat/ChatShell.js';
import { errorMessage } from './lib/errors.js';

export function App() {
  const me = useMe();
  if (me.isPending) return <div className="splash" aria-busy="true" aria-label="Loading Confab" />;
  if (me.isError) {
    return (
      <div className="splash">
        <p role="alert">{errorMessage(me.error)}</p>
        <button className="button" onClick={() => void me.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (!me.data) return <SignedOutGate />;
  return <AdminGate me={me.data} chat={<ChatShell me={me.data} />} />;
}
