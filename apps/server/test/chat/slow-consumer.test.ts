import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor, type TestServer } from '../harness.js';
import { rawSubscriber, registerOffline, startChatServer } from './helpers.js';

const CAP = 64 * 1024;
let server: TestServer;
beforeAll(async () => {
  server = await startChatServer({ env: { WS_MAX_BUFFERED_BYTES: String(CAP) } });
});
afterAll(() => server.close());

it('a subscriber that stops reading is cut off once its send buffer passes the cap, and the server carries on', async () => {
  const flooder = await server.signUp();
  const slow = await registerOffline(server, 'Slow');
  const room = await flooder.client.room.create.mutate({ name: 'Flood', visibility: 'private', memberIds: [slow.user.id] });
  const connections = server.app.confab.api.services.connections;

  const before = new Set(server.app.websocketServer.clients);
  const socket = await rawSubscriber(server, slow.token);
  expect(connections.isOnline(slow.user.id)).toBe(true);
  const serverSide = [...server.app.websocketServer.clients].find((client) => !before.has(client));
  if (!serverSide) throw new Error('the server-side end of the raw socket was not found');
  // Stop reading: the kernel buffers fill, then the server's own send buffer starts to grow.
  (socket as unknown as { _socket: Socket })._socket.pause();

  // Each event carries ~12 KB ('€' is 3 bytes in UTF-8); flood until the server drops the reader (or give up at ~60 MB).
  const body = '€'.repeat(4000);
  let sent = 0;
  while (connections.isOnline(slow.user.id) && sent < 5000) {
    const batch = await Promise.all(
      Array.from({ length: 25 }, () => flooder.client.message.send.mutate({ roomId: room.id, body, clientId: randomUUID() })),
    );
    sent += batch.length;
  }
  await waitFor(() => !connections.isOnline(slow.user.id), 10_000, 'the slow socket to be dropped');
  // The server-side socket is closed and released, so nothing can pile up behind it any more.
  await waitFor(
    () => serverSide.readyState === WebSocket.CLOSED && !server.app.websocketServer.clients.has(serverSide),
    10_000,
    'the server-side socket to close',
  );
  expect(sent).toBeLessThan(5000);

  // The server is still healthy for everyone else.
  const page = await flooder.client.message.history.query({ roomId: room.id, limit: 1 });
  expect(page.messages[0]?.body).toBe(body);
  socket.terminate();
});
