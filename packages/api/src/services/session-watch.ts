import { apiKeyCredential, apiKeyIdOf } from '../auth/api-keys.js';
import type { Services } from './index.js';

/**
 * Closes the sockets of sessions ended by another process (`confab deactivate`, say) within
 * about `intervalMs`. Each tick reads PRAGMA data_version, which changes only when another
 * connection has committed, so a quiet server does no query at all; now and then (every
 * `fullCheckEvery` ticks) it checks anyway, for sessions that simply expired.
 */
export function watchSessions(s: Services, intervalMs = 1_000, fullCheckEvery = 60): () => void {
  const dataVersion = () => Number(s.db.$client.pragma('data_version', { simple: true }));
  let seen = dataVersion();
  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
    const version = dataVersion();
    if (version === seen && ticks % fullCheckEvery !== 0) return;
    seen = version;
    const open = s.connections.openSessionIds();
    const keyIds = open.map(apiKeyIdOf).filter((id) => id !== null);
    const dead = [...s.sessions.deadAmong(open.filter((id) => apiKeyIdOf(id) === null)), ...s.apiKeys.deadAmong(keyIds).map(apiKeyCredential)];
    for (const sessionId of dead) s.connections.closeSession(sessionId, 'session ended');
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
