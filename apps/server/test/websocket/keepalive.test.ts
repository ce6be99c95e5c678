import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, waitFor } from '../harness.js';

describe('WebSocket keepalive', () => {
  it('the server pings idle sockets, keeps those that answer and drops those that do not', async () => {
    const quick = await startServer({ build: { keepAlive: { pingMs: 200, pongWaitMs: 1_000 } } });
    const open = (answer: boolean) =>
      new Promise<{ pings: number; isOpen: boolean; closed: Promise<void> }>((resolve) => {
        const socket = new WebSocket(`${quick.url.replace('http', 'ws')}/trpc`);
        const state = {
          pings: 0,
          isOpen: true,
          closed: new Promise<void>((done) =>
            socket.once('close', () => {
              state.isOpen = false;
              done();
            }),
          ),
        };
        socket.on('message', (data) => {
          if (data.toString() !== 'PING') return;
          state.pings++;
          if (answer) socket.send('PONG');
        });
        socket.once('open', () => resolve(state));
      });
    try {
      const answering = await open(true);
      const silent = await open(false);
      await silent.closed;
      expect(silent.pings).toBeGreaterThanOrEqual(1);
      await waitFor(() => quick.app.websocketServer.clients.size === 1, 5_000, 'the server to drop the silent socket');
      // The one that answers outlives several ping rounds.
      const seen = answering.pings;
      await waitFor(() => answering.pings >= seen + 3, 5_000, 'three more pings');
      expect(answering.isOpen).toBe(true);
    } finally {
      await quick.close();
    }
  });
});
