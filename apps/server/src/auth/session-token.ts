import type { IncomingHttpHeaders } from 'node:http';
import { SESSION_COOKIE } from './session-cookie.js';

export type CookieParser = (cookieHeader: string) => Record<string, string | undefined>;

/**
 * The session token a request carries: an `Authorization: Bearer` header (programs) or the
 * session cookie (browsers). Null when it carries neither. Read from the raw headers because
 * on a WebSocket upgrade tRPC hands over the bare IncomingMessage, without `request.cookies`.
 */
export function sessionTokenOf(headers: IncomingHttpHeaders, parseCookie: CookieParser, cookieName = SESSION_COOKIE): string | null {
  const bearer = headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookieToken = parseCookie(headers.cookie ?? '')[cookieName];
  return bearer || cookieToken || null;
}
