import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from './session-cookie.js';

/**
 * The session token a request carries: an `Authorization: Bearer` header (programs) or the
 * session cookie (browsers). Null when it carries neither. Read from the raw headers because
 * on a WebSocket upgrade tRPC hands over the bare IncomingMessage, without `request.cookies`.
 */
export function sessionTokenOf(app: FastifyInstance, headers: IncomingHttpHeaders, cookieName = SESSION_COOKIE): string | null {
  const bearer = headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookieToken = app.parseCookie(headers.cookie ?? '')[cookieName];
  return bearer || cookieToken || null;
}
