import websocket from '@fastify/websocket';
import { namedPlugin } from '../named-plugin.js';
import { refuseForeignWebSocketOrigins } from './origin-guard.js';

export interface WebSocketOptions {
  /** origins a cookie-bearing upgrade may come from (the server's public origin) */
  allowedOrigins: Set<string>;
}

/**
 * The WebSocket server, registered before any route as @fastify/websocket requires. A small
 * maxPayload stops a client from sending huge frames; the Origin check runs before the upgrade.
 * Each socket's send guard (see socket-guard.ts) is applied where tRPC hands the socket over.
 */
export const webSocket = namedPlugin<WebSocketOptions>('confab-websocket', async (app, { allowedOrigins }) => {
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.addHook('onRequest', refuseForeignWebSocketOrigins(allowedOrigins));
});
