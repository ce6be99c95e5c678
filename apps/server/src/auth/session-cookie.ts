import type { FastifyReply } from 'fastify';

/** The browser's session cookie: HttpOnly, SameSite=Lax, and Secure when served over HTTPS. */
export const SESSION_COOKIE = 'confab_session';

export type SessionCookieWriter = (session: { token: string; expiresAt: Date } | null) => void;

/** Sets the session cookie on this reply, or clears it when `session` is null (sign-out). */
export function sessionCookieWriter(reply: FastifyReply, secure: boolean): SessionCookieWriter {
  return (session) => {
    if (session) {
      reply.setCookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: session.expiresAt });
    } else {
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    }
  };
}
