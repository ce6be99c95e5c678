import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { replyError } from '../http/reply-error.js';

/**
 * Browsers attach cookies to cross-site WebSocket handshakes and there is no CORS preflight,
 * so a cookie-bearing upgrade must come from one of our own origins.
 */
export function refuseForeignWebSocketOrigins(allowed: Set<string>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.ws) return;
    const origin = request.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) return replyError(reply, 403, 'WebSocket origin not allowed.');
    if (origin === undefined && request.headers.cookie?.includes(`${SESSION_COOKIE}=`)) {
      return replyError(reply, 403, 'A cookie-authenticated WebSocket needs an Origin header.');
    }
  };
}
