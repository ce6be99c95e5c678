import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createConfabClient, type ConfabClient, type ConfabEvent } from '@confab/sdk';
import { startServer, waitFor, type TestServer } from '../../../apps/server/test/harness.js';
import { startFaultyProxy, type FaultyProxy } from './faulty-proxy.js';

// Its own server: events.test.ts is near the sign-ups-per-address limit.
let server: TestServer;
let proxy: FaultyProxy;
const closers: ConfabClient[] = [];

beforeAll(async () => {
  server = await startServer();
  proxy = await startFaultyProxy(server);
});
afterAll(async () => {
  await Promise.all(closers.map((client) => client.close()));
  await proxy.close();
  await server.close();
});

const bodiesOf = (events: ConfabEvent[]) => events.flatMap((event) => (event.type === 'message.created' ? [event.message.body] : []));

it('without lastEventId, a stream cut before its first event still gets what was sent while it was away', async () => {
  const ana = await server.signUp('Ana');
  const bo = await server.signUp('Bo');
  const room = await ana.client.room.create.mutate({ name: `Plans ${randomUUID().slice(0, 8)}`, visibility: 'private', memberIds: [bo.user.id] });
  const post = (body: string) => ana.client.message.send.mutate({ roomId: room.id, body, clientId: randomUUID() });
  const boClient = createConfabClient({ url: proxy.url, token: bo.token });
  closers.push(boClient);
  const received: ConfabEvent[] = [];
  let started = 0;
  const stream = boClient.events({ onStarted: () => void started++, onEvent: (event) => void received.push(event) });
  await waitFor(() => started > 0, 15_000, 'the subscription to start');

  await proxy.goDown();
  await waitFor(() => boClient.connectionState === 'reconnecting', 15_000, 'the client to notice');
  await post('sent while it was away');
  await proxy.reopen();
  await waitFor(() => boClient.connectionState === 'live', 30_000, 'the reconnect');
  await post('sent after');

  await waitFor(() => bodiesOf(received).includes('sent after'), 15_000, 'the later event');
  expect(bodiesOf(received)).toEqual(['sent while it was away', 'sent after']);
  stream.stop();
});
