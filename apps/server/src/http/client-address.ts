import type { IncomingMessage } from 'node:http';
import { namedPlugin } from '../named-plugin.js';

const upgradeAddresses = new WeakMap<IncomingMessage, string>();

/**
 * The client's address for a WebSocket: tRPC hands the context only the raw upgrade request,
 * so the address Fastify worked out (from X-Forwarded-For when TRUST_PROXY trusts the peer)
 * is kept beside it. HTTP requests and uploads read `request.ip` directly.
 */
export function clientAddressOf(raw: IncomingMessage): string {
  return upgradeAddresses.get(raw) ?? raw.socket.remoteAddress ?? 'unknown';
}

export const clientAddress = namedPlugin(
  'confab-client-address',
  async (app) => {
    app.addHook('onRequest', async (request) => {
      if (request.ws) upgradeAddresses.set(request.raw, request.ip);
    });
  },
  { dependencies: ['confab-websocket'] },
);
