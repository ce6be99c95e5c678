import type { FastifyReply, FastifyRequest } from 'fastify';
import { namedPlugin } from '../named-plugin.js';

/**
 * The page's policy. `connect-src` names the public origin's WebSocket address rather than any
 * `ws:`/`wss:` host, so an injected script could not open a socket to somewhere else.
 */
function contentSecurityPolicy(publicOrigin: string): string {
  const webSocketOrigin = publicOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${webSocketOrigin}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** A year; browsers then refuse plain http for this host. Subdomains are left alone: they may not all speak https. */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** Headers every HTTP response carries; routes that serve uploads set a stricter CSP of their own. */
export const securityHeaders = namedPlugin(
  'confab-security-headers',
  async (app) => {
    const { publicOrigin } = app.confab.config;
    const policy = contentSecurityPolicy(publicOrigin);
    const isHttps = publicOrigin.startsWith('https:');
    app.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      reply.header('X-Content-Type-Options', 'nosniff');
      reply.header('X-Frame-Options', 'DENY');
      reply.header('Referrer-Policy', 'no-referrer');
      reply.header('Cross-Origin-Opener-Policy', 'same-origin');
      reply.header('Cross-Origin-Resource-Policy', 'same-origin');
      reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
      if (isHttps) reply.header('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
      if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', policy);
      return payload;
    });
  },
  { decorators: ['confab'] },
);
