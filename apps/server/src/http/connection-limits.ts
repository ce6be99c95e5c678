import type { Socket } from 'node:net';
import { namedPlugin } from '../named-plugin.js';

export interface ConnectionLimitOptions {
  /** open TCP connections per peer address; null: no cap (behind a proxy every peer is the proxy) */
  maxConnectionsPerAddress: number | null;
}

/**
 * A cap on the TCP connections one address may hold open (idle ones included, WebSockets
 * included), so 2,000 sockets from one machine cannot use up the server's file descriptors.
 * The header, request and keep-alive timeouts that close idle connections are Fastify's own
 * options, set in app.ts.
 */
export const connectionLimits = namedPlugin<ConnectionLimitOptions>('confab-connection-limits', async (app, { maxConnectionsPerAddress }) => {
  if (maxConnectionsPerAddress === null) return;
  const open = new Map<string, number>();
  app.server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
});
