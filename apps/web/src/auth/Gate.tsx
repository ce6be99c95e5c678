import { useState } from 'react';
import { errorMessage } from '../lib/errors.js';
import { AuthScreen } from './AuthScreen.js';
import { JoinScreen } from './JoinScreen.js';
import { ResetScreen } from './ResetScreen.js';
import { SetupScreen } from './SetupScreen.js';
import { readLinkRoute, useTeamInfo } from './team.js';

/** Signed out: "Set up Confab" on a server with no account, an invite or reset link when the path names one, else sign in. */
export function SignedOutGate() {
  const team = useTeamInfo();
  const [route, setRoute] = useState(readLinkRoute);
  if (team.isPending) return <div className="splash" aria-busy="true" aria-label="Loading Confab" />;
  if (team.isError) {
    return (
      <div className="splash">
        <p role="alert">{errorMessage(team.error)}</p>
        <button className="button" onClick={() => void team.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (team.data.needsSetup) return <SetupScreen />;
  if (route?.kind === 'join') return <JoinScreen code={route.code} onDone={() => setRoute(null)} />;
  if (route?.kind === 'reset') return <ResetScreen token={route.token} onDone={() => setRoute(null)} />;
  return <AuthScreen />;
}
