import type { Db } from '@confab/db';
import { apiKeyCredential, apiKeyIdOf } from './auth/api-keys.js';
import { chatDefaults, type ApiConfig } from './config.js';
import type { Connection, Context } from './context.js';
import { schedulePruning } from './events/prune.js';
import { createAppRouter } from './router.js';
import { createServices } from './services/index.js';
import { watchSessions } from './services/session-watch.js';
import { teamOperations } from './services/operations.js';
import { findUserById } from './services/users.js';
import { postToWebhook } from './services/webhooks.js';

export type { AppRouter } from './router.js';
export type { ApiConfig, OutgoingMail, ServerFacts, SignupMode } from './config.js';
export type { TeamOperations } from './services/operations.js';
export type { PushQueueOptions, PushTransport } from './services/push/index.js';
export { defaultLimits } from './config.js';
export type { Connection } from './context.js';
export { sharedJson } from './events/tracked.js';
export type * from './types.js';

export interface ContextRequest {
  /** the JWT from the cookie, the Authorization header or the socket's connectionParams */
  token: string | null;
  ip: string;
  /** the User-Agent header, recorded with a session started by this request */
  userAgent?: string | null;
  connection: Connection | null;
  setSessionCookie: Context['setSessionCookie'];
  deviceMark?: Context['deviceMark'];
  setDeviceMark?: Context['setDeviceMark'];
}

/**
 * Builds the whole API over one database: the tRPC router, the context resolver the host
 * calls per request or socket, and the services the host's own routes (uploads) need.
 */
export function createApi(db: Db, config: ApiConfig) {
  const services = createServices(db, config);
  const appRouter = createAppRouter(services);

  const stopPruning = schedulePruning(services.eventLog.prune, config.eventRetentionMs ?? chatDefaults.eventRetentionMs);
  const stopWatchingSessions = watchSessions(services);
  const stopWatchingEvents = services.externalEvents.watch();

  /** the user and session (or API key, as `apikey:<id>`) a token names, if it is live */
  function resolveCredential(token: string): { userId: string; sessionId: string } | null {
    const key = services.apiKeys.resolve(token);
    if (key) return { userId: key.userId, sessionId: apiKeyCredential(key.keyId) };
    return services.sessions.resolve(token);
  }

  function isCredentialLive(credentialId: string): boolean {
    const keyId = apiKeyIdOf(credentialId);
    const store = keyId === null ? services.sessions : services.apiKeys;
    const id = keyId ?? credentialId;
    if (!store.isLive(id)) return false;
    store.touch(id);
    return true;
  }

  /** Never throws: a bad or revoked token is simply a signed-out context. */
  function createContext(request: ContextRequest): Context {
    const session = request.token ? resolveCredential(request.token) : null;
    const found = session ? findUserById(db, session.userId) : undefined;
    // A deactivated account is signed out everywhere, whatever its sessions say.
    const user = found && !found.deactivatedAt ? found : undefined;
    const sessionId = user && session ? session.sessionId : null;
    if (request.connection && user && sessionId) {
      const detach = services.connections.attach(request.connection, user.id, sessionId, user.kind === 'person');
      request.connection.onClose(detach);
    }
    return {
      user: user ? { id: user.id, email: user.email, name: user.name, role: user.role, kind: user.kind } : null,
      sessionId,
      isSessionLive: () => sessionId !== null && isCredentialLive(sessionId),
      ip: request.ip,
      userAgent: request.userAgent ?? null,
      connection: request.connection,
      setSessionCookie: request.setSessionCookie,
      deviceMark: request.deviceMark ?? null,
      setDeviceMark: request.setDeviceMark,
    };
  }

  return {
    router: appRouter,
    createContext,
    services,
    team: teamOperations(services),
    /** POST /hooks/<secret> (issue 11): posts as the webhook's bot; see `postToWebhook` */
    postToWebhook: (secret: string, input: { text: unknown; clientId?: unknown }) => postToWebhook(services, secret, input),
    close() {
      stopPruning();
      stopWatchingSessions();
      stopWatchingEvents();
      services.typing.stop();
      services.push.stop();
      services.presence.stop();
      services.connections.closeAll('server shutting down');
    },
  };
}
