import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sessionTokenOf } from '../auth/session-token.js';

/**
 * The signed-in user behind a plain HTTP request, from the same sources tRPC reads: an
 * `Authorization: Bearer` header (programs) or the session cookie (browsers). Null if signed out.
 */
export function signedInUserId(app: FastifyInstance, request: FastifyRequest, sessionCookie: string): string | null {
  const ctx = app.confab.api.createContext({
    token: sessionTokenOf(app, request.headers, sessionCookie),
    ip: request.ip,
    connection: null,
    setSessionCookie: () => {},
  });
  return ctx.user && ctx.isSessionLive() ? ctx.user.id : null;
}
