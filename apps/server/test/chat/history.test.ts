import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness.js';
import { expectCode, send, startChatServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startChatServer();
});
afterAll(() => server.close());

describe('history', () => {
  it('pages return every message exactly once, newest first', async () => {
    const ana = await server.signUp();
    const room = await ana.client.room.create.mutate({ name: 'Busy', visibility: 'private' });
    const sent: number[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const page = await Promise.all(Array.from({ length: 50 }, (_, i) => send(ana.client, room.id, `message ${batch * 50 + i}`)));
      sent.push(...page.map((m) => m.id));
    }
    const seen: number[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const page: { messages: { id: number }[]; nextCursor: number | null } = await ana.client.message.history.query({
        roomId: room.id,
        cursor,
        limit: 37,
      });
      seen.push(...page.messages.map((m) => m.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(Math.ceil(300 / 37));
    expect(seen).toEqual([...sent].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(300);

    const first = await ana.client.message.history.query({ roomId: room.id });
    expect(first.messages).toHaveLength(50);
    expect(first.nextCursor).toBe(first.messages[49]?.id);
  });

  it('an empty room has no messages and no next page', async () => {
    const ana = await server.signUp();
    const room = await ana.client.room.create.mutate({ name: 'Quiet', visibility: 'private' });
    expect(await ana.client.message.history.query({ roomId: room.id })).toEqual({ messages: [], nextCursor: null, newerCursor: null });
  });
});

describe('bad input is BAD_REQUEST and stores nothing', () => {
  it('refuses empty, whitespace-only, too long and oversized bodies, missing clientIds, bad cursors and limits', async () => {
    const ana = await server.signUp();
    const room = await ana.client.room.create.mutate({ name: 'Strict', visibility: 'private' });
    const roomId = room.id;
    const clientId = randomUUID();
    const empty = await expectCode(ana.client.message.send.mutate({ roomId, body: '', clientId }), 'BAD_REQUEST');
    expect(empty.message).toContain('Message cannot be empty');
    await expectCode(ana.client.message.send.mutate({ roomId, body: '   \n  ', clientId }), 'BAD_REQUEST');
    const long = await expectCode(ana.client.message.send.mutate({ roomId, body: 'x'.repeat(4001), clientId }), 'BAD_REQUEST');
    expect(long.message).toContain('at most 4,000 characters');
    await expectCode(ana.client.message.send.mutate({ roomId, body: 'x'.repeat(200_000), clientId }), 'BAD_REQUEST');
    await expectCode(ana.client.message.send.mutate({ roomId, body: 'hi' } as never), 'BAD_REQUEST');
    await expectCode(ana.client.message.send.mutate({ roomId, body: 'hi', clientId: '' }), 'BAD_REQUEST');
    await expectCode(ana.client.message.send.mutate({ roomId, body: 'hi', clientId: 'c'.repeat(65) }), 'BAD_REQUEST');
    await expectCode(
      ana.client.message.send.mutate({ roomId, body: 'hi', clientId, attachmentIds: Array.from({ length: 11 }, () => 'upload') }),
      'BAD_REQUEST',
    );
    await expectCode(ana.client.message.history.query({ roomId, cursor: -1 }), 'BAD_REQUEST');
    await expectCode(ana.client.message.history.query({ roomId, cursor: 'abc' as never }), 'BAD_REQUEST');
    await expectCode(ana.client.message.history.query({ roomId, cursor: 1.5 }), 'BAD_REQUEST');
    await expectCode(ana.client.message.history.query({ roomId, limit: 0 }), 'BAD_REQUEST');
    await expectCode(ana.client.message.history.query({ roomId, limit: 101 }), 'BAD_REQUEST');
    await expectCode(ana.client.message.react.mutate({ messageId: 1, emoji: 'a b' }), 'BAD_REQUEST');
    await expectCode(ana.client.room.create.mutate({ name: '  ', visibility: 'public' }), 'BAD_REQUEST');
    await expectCode(ana.client.room.create.mutate({ name: 'ok', visibility: 'secret' as never }), 'BAD_REQUEST');
    await expectCode(ana.client.room.markRead.mutate({ roomId, messageId: 0 }), 'BAD_REQUEST');
    await expectCode(
      new Promise((resolve, reject) => {
        const subscription = ana.client.sync.onEvent.subscribe(
          { lastEventId: 'not-an-id' },
          { onError: reject, onData: () => resolve(subscription.unsubscribe()) },
        );
      }),
      'BAD_REQUEST',
    );

    // A 2 MB body never reaches the procedure: the host refuses it as a typed PAYLOAD_TOO_LARGE (HTTP 413).
    const huge = await expectCode(ana.client.message.send.mutate({ roomId, body: 'x'.repeat(2 * 1024 * 1024), clientId }), 'PAYLOAD_TOO_LARGE');
    expect(huge.message).toContain('too large');

    expect(await ana.client.message.history.query({ roomId })).toEqual({ messages: [], nextCursor: null, newerCursor: null });
    // The clientId was never used, so it still works.
    expect((await ana.client.message.send.mutate({ roomId, body: 'finally', clientId })).body).toBe('finally');
  });

  it('a deleted message cannot be edited, and only your own can be', async () => {
    const ana = await server.signUp();
    const room = await ana.client.room.create.mutate({ name: 'Gone', visibility: 'private' });
    const message = await send(ana.client, room.id, 'soon gone');
    await ana.client.message.delete.mutate({ messageId: message.id });
    await expectCode(ana.client.message.edit.mutate({ messageId: message.id, body: 'back' }), 'BAD_REQUEST');
    await expectCode(ana.client.message.edit.mutate({ messageId: 999_999_999, body: 'x' }), 'NOT_FOUND');
  });
});

describe('send rate limit', () => {
  it('too many sends get TOO_MANY_REQUESTS with a clear message, and a retry of a stored send still works', async () => {
    const strict = await startServer({ build: { limits: { sendsPerUser: { max: 3, windowMs: 60_000 } } } });
    try {
      const ana = await strict.signUp();
      const room = await ana.client.room.create.mutate({ name: 'Limited', visibility: 'private' });
      const first = await send(ana.client, room.id, '1');
      await send(ana.client, room.id, '2');
      await send(ana.client, room.id, '3');
      const error = await expectCode(send(ana.client, room.id, '4'), 'TOO_MANY_REQUESTS');
      expect(error.message).toMatch(/too fast.*Try again in \d+ seconds/);
      const retried = await ana.client.message.send.mutate({ roomId: room.id, body: '1', clientId: first.clientId });
      expect(retried.id).toBe(first.id);
    } finally {
      await strict.close();
    }
  });
});
