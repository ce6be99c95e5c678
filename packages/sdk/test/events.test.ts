import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createConfabClient, TRPCClientError, type ConfabEvent } from '@confab/sdk';
import { waitFor } from '../../../apps/server/test/harness.js';
import { proxiedServer } from './proxied-server.js';

const fixture = proxiedServer();

/** Ana posts directly; Bo is the program under test. */
async function roomWithTwo(options: { boVia?: string } = {}) {
  const ana = await fixture.server.signUp('Ana');
  const bo = await fixture.server.signUp('Bo');
  const room = await ana.client.room.create.mutate({ name: `Plans ${randomUUID().slice(0, 8)}`, visibility: 'private', memberIds: [bo.user.id] });
  const boClient = createConfabClient({ url: options.boVia ?? fixture.server.url, token: bo.token });
  fixture.closeAfter(boClient);
  const post = (body: string) => ana.client.message.send.mutate({ roomId: room.id, body, clientId: `${body}-${Math.random()}` });
  return { ana, bo, boClient, room, post };
}

const bodiesOf = (events: ConfabEvent[]) => events.flatMap((event) => (event.type === 'message.created' ? [event.message.body] : []));

it('events sent while the socket is cut arrive once each, in order, after it reconnects', async () => {
  const { boClient, post } = await roomWithTwo({ boVia: fixture.proxy.url });
  const received: { id: string; event: ConfabEvent }[] = [];
  await post('1');
  // '0' replays Bo's whole (short) history, so nothing depends on when the subscription starts.
  const stream = boClient.events({ lastEventId: '0', onEvent: (event, id) => void received.push({ id, event }) });
  await post('2');
  await waitFor(() => bodiesOf(received.map((r) => r.event)).includes('2'), 15_000, 'event 2');

  await fixture.proxy.goDown();
  await waitFor(() => boClient.connectionState === 'reconnecting', 15_000, 'the client to notice');
  for (const body of ['3', '4', '5']) await post(body);
  await fixture.proxy.reopen();
  await waitFor(() => boClient.connectionState === 'live', 30_000, 'the reconnect');
  await post('6');

  await waitFor(() => bodiesOf(received.map((r) => r.event)).includes('6'), 15_000, 'event 6');
  expect(bodiesOf(received.map((r) => r.event))).toEqual(['1', '2', '3', '4', '5', '6']);
  const ids = received.map((r) => Number(r.id));
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  expect(new Set(ids).size).toBe(ids.length);
  expect(stream.lastEventId).toBe(received.at(-1)?.id);
  stream.stop();
});

it('a stream started while the server is unreachable begins once it is back, from the lastEventId it was given', async () => {
  const { bo, post } = await roomWithTwo();
  await post('sent before the bot started');
  await fixture.proxy.goDown();
  const boClient = createConfabClient({ url: fixture.proxy.url, token: bo.token });
  fixture.closeAfter(boClient);
  const received: ConfabEvent[] = [];
  const errors: Error[] = [];
  const stream = boClient.events({ lastEventId: '0', onEvent: (event) => void received.push(event), onError: (error) => void errors.push(error) });
  await new Promise((resolve) => setTimeout(resolve, 600));
  await post('sent while it was unreachable');
  await fixture.proxy.reopen();
  await waitFor(() => bodiesOf(received).length === 2, 30_000, 'both messages');
  expect(bodiesOf(received)).toEqual(['sent before the bot started', 'sent while it was unreachable']);
  expect(stream.isStopped).toBe(false);
  stream.stop();
});

it('without lastEventId a stream starts from now: what was sent before is not replayed, what follows onStarted arrives', async () => {
  const { boClient, post } = await roomWithTwo();
  await post('old');
  const received: ConfabEvent[] = [];
  let started = 0;
  const stream = boClient.events({ onStarted: () => void started++, onEvent: (event) => void received.push(event) });
  await waitFor(() => started > 0, 15_000, 'the subscription to start');
  await post('new');
  await waitFor(() => bodiesOf(received).includes('new'), 15_000, 'the new event');
  expect(bodiesOf(received)).toEqual(['new']);
  expect(stream.lastEventId).toMatch(/^\d+$/);
  stream.stop();
});

it('a bot that saved lastEventId resumes after its own restart with exactly what it missed', async () => {
  const { bo, boClient, room, post } = await roomWithTwo();
  let idOfBefore: string | null = null;
  await post('before');
  const stream = boClient.events({
    lastEventId: '0',
    onEvent(event, id) {
      if (event.type === 'message.created' && event.message.body === 'before') idOfBefore = id;
    },
  });
  // lastEventId moves once the handler has finished with an event.
  await waitFor(() => idOfBefore !== null && stream.lastEventId === idOfBefore, 15_000, 'the first event');
  const saved = stream.lastEventId;
  await boClient.close();
  expect(stream.isStopped).toBe(true);

  await post('while away 1');
  await post('while away 2');

  const restarted = createConfabClient({ url: fixture.server.url, token: bo.token });
  fixture.closeAfter(restarted);
  const secondRun: ConfabEvent[] = [];
  const resumed = restarted.events({ lastEventId: saved, onEvent: (event) => void secondRun.push(event) });
  await waitFor(() => bodiesOf(secondRun).length >= 2, 15_000, 'the missed events');
  await post('after');
  await waitFor(() => bodiesOf(secondRun).includes('after'), 15_000, 'the live event');
  expect(bodiesOf(secondRun)).toEqual(['while away 1', 'while away 2', 'after']);
  expect(secondRun.every((event) => 'roomId' in event && event.roomId === room.id)).toBe(true);
  resumed.stop();
});

it('typed handlers get only their type, and an async handler finishes before the next event starts', async () => {
  const { boClient, post } = await roomWithTwo();
  const log: string[] = [];
  await post('a');
  const stream = boClient.events({
    lastEventId: '0',
    on: {
      'message.created': async (event) => {
        log.push(`start ${event.message.body}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        log.push(`end ${event.message.body}`);
      },
    },
  });
  await post('b');
  await post('c');
  await waitFor(() => log.includes('end c'), 15_000, 'all three events');
  expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  stream.stop();
});

it('a handler that throws is reported to onError and the stream moves on', async () => {
  const { boClient, post } = await roomWithTwo();
  const errors: Error[] = [];
  const handled: string[] = [];
  const stream = boClient.events({
    lastEventId: '0',
    onEvent(event) {
      if (event.type !== 'message.created') return;
      if (event.message.body === 'boom') throw new Error('handler bug');
      handled.push(event.message.body);
    },
    onError: (error) => void errors.push(error),
  });
  await post('boom');
  await post('after boom');
  await waitFor(() => handled.includes('after boom'), 15_000, 'the next event');
  expect(handled).toEqual(['after boom']);
  expect(errors.map((error) => error.message)).toEqual(['handler bug']);
  expect(stream.isStopped).toBe(false);
  stream.stop();
});

it('signing out ends the stream with UNAUTHORIZED instead of retrying forever', async () => {
  const { bo } = await roomWithTwo();
  const client = createConfabClient({ url: fixture.server.url, token: bo.token });
  fixture.closeAfter(client);
  const errors: Error[] = [];
  const stream = client.events({ onEvent: () => {}, onError: (error) => void errors.push(error) });
  await waitFor(() => client.connectionState === 'live', 15_000, 'the socket');
  await client.auth.logout.mutate();
  await waitFor(() => stream.isStopped, 15_000, 'the stream to end');
  const [error] = errors;
  expect(error).toBeInstanceOf(TRPCClientError);
  expect(error instanceof TRPCClientError ? error.data?.code : null).toBe('UNAUTHORIZED');
});

it('refuses a lastEventId the server never sent, with BAD_REQUEST', async () => {
  const { boClient } = await roomWithTwo();
  const errors: Error[] = [];
  const stream = boClient.events({ lastEventId: 'not-an-id', onEvent: () => {}, onError: (error) => void errors.push(error) });
  await waitFor(() => stream.isStopped, 15_000, 'the stream to end');
  expect(errors[0] instanceof TRPCClientError ? errors[0].data?.code : null).toBe('BAD_REQUEST');
});

it('subscribeEvents() yields each event once, in order, with ids to save, and break ends the stream', async () => {
  const { boClient, post } = await roomWithTwo();
  await post('x');
  await post('y');
  const seen: { id: string; body: string }[] = [];
  for await (const { id, event } of boClient.subscribeEvents({ lastEventId: '0' })) {
    if (event.type !== 'message.created') continue;
    seen.push({ id, body: event.message.body });
    if (event.message.body === 'y') break;
  }
  expect(seen.map((item) => item.body)).toEqual(['x', 'y']);
  expect(Number(seen[1]?.id)).toBeGreaterThan(Number(seen[0]?.id));

  // Resuming after the saved id gives only what came later.
  await post('z');
  const later: string[] = [];
  for await (const { event } of boClient.subscribeEvents({ lastEventId: seen[1]?.id })) {
    if (event.type === 'message.created') later.push(event.message.body);
    if (later.includes('z')) break;
  }
  expect(later).toEqual(['z']);
});

it('subscribeEvents() ends when its signal aborts, and throws UNAUTHORIZED from the loop after a sign-out', async () => {
  const { bo } = await roomWithTwo();
  const client = createConfabClient({ url: fixture.server.url, token: bo.token });
  fixture.closeAfter(client);

  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const quiet: unknown[] = [];
  for await (const item of client.subscribeEvents({ signal: controller.signal })) quiet.push(item);
  expect(quiet).toEqual([]);

  const loop = (async () => {
    for await (const item of client.subscribeEvents()) void item;
  })();
  await waitFor(() => client.connectionState === 'live', 15_000, 'the socket');
  await client.auth.logout.mutate();
  const error = await loop.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error instanceof TRPCClientError ? error.data?.code : error).toBe('UNAUTHORIZED');
});
