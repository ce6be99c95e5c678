import type { IncomingMessage } from 'node:http';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import { sessionCookieWriter } from '../auth/session-cookie.js';
import { sessionTokenOf } from '../auth/session-token.js';
import { clientAddressOf } from '../http/client-address.js';
import { guardSocket, isWebSocket } from '../websocket/socket-guard.js';
import { deviceMarkOf, deviceMarkWriter } from './device-cookie.js';

/**
 * The thin adapter half of tRPC's context: it turns an HTTP request or a WebSocket connection
 * into what `api.createContext` needs. On a socket, `req` is the raw IncomingMessage and `res`
 * the `ws` socket (tRPC passes `req.raw`), whatever the types say.
 */
export function contextFactory(app: FastifyInstance) {
  const { api, config } = app.confab;
  return ({ req, res, info }: CreateFastifyContextOptions) => {
    const socket = isWebSocket(res) ? res : null;
    const transport = (req as unknown as IncomingMessage).socket;
    const context = api.createContext({
      // connectionParams only count on a socket: on plain HTTP they come from the URL
      // (`?connectionParams=`), where a token ends up in logs and browser history.
      token: (socket ? info.connectionParams?.token : null) || sessionTokenOf(app, req.headers),
      ip: socket ? clientAddressOf(req as unknown as IncomingMessage) : req.ip,
      userAgent: req.headers['user-agent'] ?? null,
      connection: socket ? guardSocket(socket, transport, config.wsMaxBufferedBytes, app.log) : null,
      setSessionCookie: socket ? () => {} : sessionCookieWriter(res, config.cookieSecure),
      deviceMark: socket ? null : deviceMarkOf(app, req),
      setDeviceMark: socket ? undefined : deviceMarkWriter(res, config.cookieSecure),
    });
    // A socket with no user is closed at its sign-in deadline; one with a user counts against the account's cap.
    if (socket) app.socketLimits.signedIn(socket, context.user?.id ?? null);
    return context;
  };
}
