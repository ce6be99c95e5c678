import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The signed-in user behind a plain HTTP request, from the same sources tRPC reads: an
 * `Authorization: Bearer` header (programs) or the session cookie (browsers). Null if signed out.
 */
export function signedInUserId(app: FastifyInstance, request: FastifyRequest, sessionCookie: string): string | null {
  const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookieToken = request.cookies[sessionCookie];
  const ctx = app.confab.api.createContext({
    token: bearer || cookieToken || null,
    ip: request.ip,
    connection: null,
    setSessionCookie: () => {},
  });
  return ctx.user && ctx.isSessionLive() ? ctx.user.id : null;
}
