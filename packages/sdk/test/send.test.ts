import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createConfabClient, TRPCClientError } from '@confab/sdk';
import { proxiedServer } from './proxied-server.js';

const fixture = proxiedServer();
const sendRequests = /^POST \/trpc\/message\.send[?\s]/;

async function memberViaProxy() {
  const ana = await fixture.server.signUp('Ana');
  const room = await ana.client.room.create.mutate({ name: `Retries ${randomUUID().slice(0, 8)}`, visibility: 'private' });
  const client = createConfabClient({ url: fixture.proxy.url, token: ana.token });
  fixture.closeAfter(client);
  return { ana, room, client };
}

it('a send whose response is lost is retried with the same clientId and stores one message', async () => {
  const { ana, room, client } = await memberViaProxy();
  const before = fixture.proxy.requestsMatching(sendRequests);
  fixture.proxy.dropResponseTo(sendRequests);

  const sent = await client.send(room.id, 'only once');

  expect(fixture.proxy.requestsMatching(sendRequests) - before).toBe(2);
  const { messages } = await ana.client.message.history.query({ roomId: room.id });
  expect(messages.map((message) => message.body)).toEqual(['only once']);
  expect(sent).toMatchObject({ id: messages[0]?.id, body: 'only once', roomId: room.id, clientId: messages[0]?.clientId });
});

it('a send made while the server is unreachable goes through once it is back', async () => {
  const { ana, room, client } = await memberViaProxy();
  await fixture.proxy.goDown();
  const sending = client.send(room.id, 'patient');
  await new Promise((resolve) => setTimeout(resolve, 300));
  await fixture.proxy.reopen();
  const sent = await sending;
  const { messages } = await ana.client.message.history.query({ roomId: room.id });
  expect(messages.map((message) => message.id)).toEqual([sent.id]);
});

it('a caller-chosen clientId makes a repeated send return the stored message', async () => {
  const { room, client } = await memberViaProxy();
  const first = await client.send(room.id, 'hello', { clientId: 'my-key-1' });
  const again = await client.send(room.id, 'hello', { clientId: 'my-key-1' });
  expect(again.id).toBe(first.id);
  expect(first.clientId).toBe('my-key-1');
});

it('generated clientIds differ, so two sends of the same text are two messages', async () => {
  const { room, client } = await memberViaProxy();
  const one = await client.send(room.id, 'same text');
  const two = await client.send(room.id, 'same text');
  expect(one.id).not.toBe(two.id);
  expect(one.clientId).not.toBe(two.clientId);
});

it('4xx answers are final: a room you are not in is NOT_FOUND after one attempt, an empty body is BAD_REQUEST', async () => {
  const { client, room } = await memberViaProxy();
  const stranger = await fixture.server.signUp('Stranger');
  const strangerClient = createConfabClient({ url: fixture.proxy.url, token: stranger.token });
  fixture.closeAfter(strangerClient);

  const before = fixture.proxy.requestsMatching(sendRequests);
  const notFound = await strangerClient.send(room.id, 'let me in').catch((error: unknown) => error);
  expect(notFound).toBeInstanceOf(TRPCClientError);
  expect(notFound instanceof TRPCClientError ? notFound.data?.code : null).toBe('NOT_FOUND');
  expect(fixture.proxy.requestsMatching(sendRequests) - before).toBe(1);

  const empty = await client.send(room.id, '   ').catch((error: unknown) => error);
  expect(empty instanceof TRPCClientError ? empty.data?.code : null).toBe('BAD_REQUEST');
});

it('gives up after the allowed retries and throws the network error', async () => {
  const { room, client } = await memberViaProxy();
  await fixture.proxy.goDown();
  try {
    const error = await client.send(room.id, 'never', { retries: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(error instanceof TRPCClientError ? error.data : 'unset').toBeUndefined();
  } finally {
    await fixture.proxy.reopen();
  }
});
