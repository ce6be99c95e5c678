import type { Db } from '@confab/db';
import { chatDefaults, type ApiConfig } from './config.js';
import type { Connection, Context } from './context.js';
import { schedulePruning } from './events/prune.js';
import { createAppRouter } from './router.js';
import { createServices } from './services/index.js';
import { findUserById } from './services/users.js';

export type { AppRouter } from './router.js';
export type { ApiConfig } from './config.js';
export { defaultLimits } from './config.js';
export type { Connection } from './context.js';
export { sharedJson } from './events/tracked.js';
export type * from './types.js';

export interface ContextRequest {
  /** the JWT from the cookie, the Authorization header or the socket's connectionParams */
  token: string | null;
  ip: string;
  connection: Connection | null;
  setSessionCookie: Context['setSessionCookie'];
}

/**
 * Builds the whole API over one database: the tRPC router, the context resolver the host
 * calls per request or socket, and the services the host's own routes (uploads) need.
 */
export function createApi(db: Db, config: ApiConfig) {
  const services = createServices(db, config);
  const appRouter = createAppRouter(services);

  const stopPruning = schedulePruning(services.eventLog.prune, config.eventRetentionMs ?? chatDefaults.eventRetentionMs);

  /** Never throws: a bad or revoked token is simply a signed-out context. */
  function createContext(request: ContextRequest): Context {
    const session = request.token ? services.sessions.resolve(request.token) : null;
    const user = session ? findUserById(db, session.userId) : undefined;
    const sessionId = user && session ? session.sessionId : null;
    if (request.connection && user && sessionId) {
      const detach = services.connections.attach(request.connection, user.id, sessionId);
      request.connection.onClose(detach);
    }
    return {
      user: user ? { id: user.id, email: user.email, name: user.name } : null,
      sessionId,
      isSessionLive: () => sessionId !== null && services.sessions.isLive(sessionId),
      ip: request.ip,
      connection: request.connection,
      setSessionCookie: request.setSessionCookie,
    };
  }

  return {
    router: appRouter,
    createContext,
    services,
    close() {
      stopPruning();
      services.typing.stop();
      services.presence.stop();
      services.connections.closeAll('server shutting down');
    },
  };
}
