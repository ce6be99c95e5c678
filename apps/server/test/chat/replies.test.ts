import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../harness.js';
import { expectCode, send, startChatServer, streamEvents } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startChatServer();
});
afterAll(() => server.close());

describe('replies', () => {
  it('a reply carries a compact quote of the original, live and in history', async () => {
    const ana = await server.signUp('Ana Reply');
    const ben = await server.signUp('Ben Reply');
    const room = await ana.client.room.create.mutate({ name: 'Replies', visibility: 'private', memberIds: [ben.user.id] });
    const original = await send(ana.client, room.id, 'Shall we   ship\non Tuesday?');
    const stream = streamEvents(ana.client);
    await stream.started;

    const reply = await ben.client.message.send.mutate({ roomId: room.id, body: 'Yes, Tuesday.', clientId: randomUUID(), replyToId: original.id });
    const quote = {
      id: original.id,
      author: expect.objectContaining({ id: ana.user.id, name: 'Ana Reply' }),
      excerpt: 'Shall we ship on Tuesday?',
      deleted: false,
    };
    expect(reply.replyTo).toEqual(quote);
    const [created] = await stream.until((e) => e.type === 'message.created' && e.message.id === reply.id, 1, 'the reply');
    expect(created?.type === 'message.created' && created.message.replyTo).toEqual(quote);
    const page = await ana.client.message.history.query({ roomId: room.id });
    expect(page.messages[0]?.replyTo).toEqual(quote);
    expect(page.messages[1]?.replyTo).toBeNull();
    stream.stop();
  });

  it('a long original is cut to an excerpt on a word boundary', async () => {
    const ana = await server.signUp();
    const room = await ana.client.room.create.mutate({ name: 'Long', visibility: 'private' });
    const original = await send(ana.client, room.id, 'word '.repeat(100));
    const reply = await ana.client.message.send.mutate({ roomId: room.id, body: 'tl;dr?', clientId: randomUUID(), replyToId: original.id });
    expect(reply.replyTo?.excerpt.length).toBeLessThanOrEqual(141);
    expect(reply.replyTo?.excerpt).toMatch(/^(word )+word…$/);
  });

  it('a reply to a later-deleted message reads as a reply to a deleted message', async () => {
    const ana = await server.signUp();
    const room = await ana.client.room.create.mutate({ name: 'Deleted', visibility: 'private' });
    const original = await send(ana.client, room.id, 'secret plan');
    const reply = await ana.client.message.send.mutate({ roomId: room.id, body: 'noted', clientId: randomUUID(), replyToId: original.id });
    await ana.client.message.delete.mutate({ messageId: original.id });
    const [again] = (await ana.client.message.history.query({ roomId: room.id, limit: 1 })).messages;
    expect(again?.id).toBe(reply.id);
    expect(again?.replyTo).toEqual({ id: original.id, author: expect.objectContaining({ id: ana.user.id }), excerpt: '', deleted: true });
  });

  it('refuses a reply to a message of another room, a deleted one or one that does not exist', async () => {
    const ana = await server.signUp();
    const room = await ana.client.room.create.mutate({ name: 'Here', visibility: 'private' });
    const elsewhere = await ana.client.room.create.mutate({ name: 'There', visibility: 'private' });
    const there = await send(ana.client, elsewhere.id, 'over there');
    const gone = await send(ana.client, room.id, 'gone');
    await ana.client.message.delete.mutate({ messageId: gone.id });
    const reply = (replyToId: number) => ana.client.message.send.mutate({ roomId: room.id, body: 'reply', clientId: randomUUID(), replyToId });
    expect((await expectCode(reply(there.id), 'BAD_REQUEST')).message).toContain('only reply to a message of this room');
    expect((await expectCode(reply(gone.id), 'BAD_REQUEST')).message).toContain('was deleted');
    await expectCode(reply(999_999_999), 'BAD_REQUEST');
    await expectCode(reply(-1), 'BAD_REQUEST');
    expect((await ana.client.message.history.query({ roomId: room.id })).messages.map((m) => m.body)).toEqual(['']);
  });
});

describe('history around a message', () => {
  it('opens on the message with both sides, and pages each way exactly once', async () => {
    const ana = await server.signUp();
    const room = await ana.client.room.create.mutate({ name: 'Around', visibility: 'private' });
    const ids: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      ids.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => send(ana.client, room.id, `m${batch * 20 + i}`)))).map((m) => m.id));
    }
    ids.sort((a, b) => a - b);
    const target = ids[40] ?? 0;

    const first = await ana.client.message.history.query({ roomId: room.id, around: target, limit: 11 });
    const firstIds = first.messages.map((m) => m.id);
    expect(firstIds).toContain(target);
    expect(firstIds).toEqual([...firstIds].sort((a, b) => b - a));
    expect(firstIds).toHaveLength(11);
    expect(firstIds.filter((id) => id > target)).toHaveLength(5);

    const seen = [...firstIds];
    let older = first.nextCursor;
    while (older !== null) {
      const page = await ana.client.message.history.query({ roomId: room.id, cursor: older, limit: 11 });
      expect(page.newerCursor).toBeNull();
      seen.push(...page.messages.map((m) => m.id));
      older = page.nextCursor;
    }
    let newer = first.newerCursor;
    while (newer !== null) {
      const page = await ana.client.message.history.query({ roomId: room.id, after: newer, limit: 11 });
      expect(page.nextCursor).toBeNull();
      const pageIds = page.messages.map((m) => m.id);
      expect(pageIds).toEqual([...pageIds].sort((a, b) => b - a));
      seen.unshift(...pageIds);
      newer = page.newerCursor;
    }
    expect(seen).toEqual([...ids].reverse());

    // the newest message: nothing newer
    const newest = await ana.client.message.history.query({ roomId: room.id, around: ids[ids.length - 1] ?? 0, limit: 10 });
    expect(newest.newerCursor).toBeNull();
    expect(newest.messages).toHaveLength(10);
  });

  it('is NOT_FOUND for a message of another room and for a non-member, and takes one direction at a time', async () => {
    const ana = await server.signUp();
    const eve = await server.signUp();
    const room = await ana.client.room.create.mutate({ name: 'Mine', visibility: 'private' });
    const other = await ana.client.room.create.mutate({ name: 'Other', visibility: 'private' });
    const here = await send(ana.client, room.id, 'here');
    const there = await send(ana.client, other.id, 'there');
    await expectCode(ana.client.message.history.query({ roomId: room.id, around: there.id }), 'NOT_FOUND');
    await expectCode(eve.client.message.history.query({ roomId: room.id, around: here.id }), 'NOT_FOUND');
    const both = await expectCode(ana.client.message.history.query({ roomId: room.id, around: here.id, cursor: here.id }), 'BAD_REQUEST');
    expect(both.message).toContain('at most one of cursor');
  });
});
