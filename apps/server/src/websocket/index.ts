import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { clientAddressOf } from '../http/client-address.js';
import { namedPlugin } from '../named-plugin.js';
import { SocketLimits, type SocketLimitOptions } from './limits.js';
import { refuseForeignWebSocketOrigins } from './origin-guard.js';

export interface WebSocketOptions {
  /** origins a cookie-bearing upgrade may come from (the server's public origin) */
  allowedOrigins: Set<string>;
  /** per-socket, per-account and per-address caps (limits.ts) */
  limits: SocketLimitOptions;
}

/**
 * The WebSocket server, registered before any route as @fastify/websocket requires. A small
 * maxPayload stops a client from sending huge frames; the Origin check runs before the upgrade.
 * Each socket's send guard (see socket-guard.ts) is applied where tRPC hands the socket over;
 * its caps (limits.ts) from the moment it opens, before tRPC's handler sees a frame.
 */
export const webSocket = namedPlugin<WebSocketOptions>('confab-websocket', async (app, { allowedOrigins, limits }) => {
  await app.register(websocket, {
    options: { maxPayload: 64 * 1024 },
    // A broken frame (too large, bad UTF-8, a protocol error) is the client's fault: ws has already
    // sent the close code, so a warning without a stack is all the log needs.
    errorHandler(error: Error & { code?: string }, socket: WebSocket, request) {
      request.log.warn({ code: error.code, reason: error.message }, 'closed a WebSocket after a bad frame');
      if (socket.readyState === socket.OPEN) socket.terminate();
    },
  });
  const socketLimits = new SocketLimits(limits);
  app.decorate('socketLimits', socketLimits);
  // Emitted by @fastify/websocket before the route's handler (tRPC's) gets the socket.
  app.websocketServer.on('connection', (socket: WebSocket, request: Parameters<typeof clientAddressOf>[0]) => {
    socketLimits.admit(socket, clientAddressOf(request));
  });
  app.addHook('onRequest', refuseForeignWebSocketOrigins(allowedOrigins));
});

declare module 'fastify' {
  interface FastifyInstance {
    socketLimits: SocketLimits;
  }
}
