import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createConfabClient, type ConfabEvent } from '@confab/sdk';
import { waitFor } from '../../../apps/server/test/harness.js';
import { proxiedServer } from './proxied-server.js';

// Its own server: events.test.ts is near the sign-ups-per-address limit.
const fixture = proxiedServer();

const bodiesOf = (events: ConfabEvent[]) => events.flatMap((event) => (event.type === 'message.created' ? [event.message.body] : []));

it('without lastEventId, a stream cut before its first event still gets what was sent while it was away', async () => {
  const ana = await fixture.server.signUp('Ana');
  const bo = await fixture.server.signUp('Bo');
  const room = await ana.client.room.create.mutate({ name: `Plans ${randomUUID().slice(0, 8)}`, visibility: 'private', memberIds: [bo.user.id] });
  const post = (body: string) => ana.client.message.send.mutate({ roomId: room.id, body, clientId: randomUUID() });
  const boClient = createConfabClient({ url: fixture.proxy.url, token: bo.token });
  fixture.closeAfter(boClient);
  const received: ConfabEvent[] = [];
  let started = 0;
  const stream = boClient.events({ onStarted: () => void started++, onEvent: (event) => void received.push(event) });
  await waitFor(() => started > 0, 15_000, 'the subscription to start');

  await fixture.proxy.goDown();
  await waitFor(() => boClient.connectionState === 'reconnecting', 15_000, 'the client to notice');
  await post('sent while it was away');
  await fixture.proxy.reopen();
  await waitFor(() => boClient.connectionState === 'live', 30_000, 'the reconnect');
  await post('sent after');

  await waitFor(() => bodiesOf(received).includes('sent after'), 15_000, 'the later event');
  expect(bodiesOf(received)).toEqual(['sent while it was away', 'sent after']);
  stream.stop();
});
