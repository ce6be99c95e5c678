import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../harness.js';
import { expectCode, send, startChatServer, streamEvents } from './helpers.js';

// "Mark as unread" (issue 15): room.markUnread moves my read marker back to just before a message;
// the counts follow from the marker and my other devices hear the same read.updated as markRead's.

let server: TestServer;
beforeAll(async () => {
  server = await startChatServer();
});
afterAll(() => server.close());

describe('room.markUnread', () => {
  it('moves my marker back before the message, recounts unread and mentions, and tells my other devices', async () => {
    const ana = await server.signUp('Ana Unread');
    const bo = await server.signUp('Bo Unread');
    const room = await bo.client.room.create.mutate({ name: `Unread ${Date.now()}`, visibility: 'private', memberIds: [ana.user.id] });
    const sent = [];
    for (let i = 1; i <= 5; i++) sent.push(await send(bo.client, room.id, i === 4 ? `@Ana Unread look at ${i}` : `m${i}`));
    const [, , third, , fifth] = sent;
    if (!third || !fifth) throw new Error('five messages were sent');
    await ana.client.room.markRead.mutate({ roomId: room.id, messageId: fifth.id });
    const listed = async () => (await ana.client.room.list.query()).find((r) => r.id === room.id);
    expect((await listed())?.unreadCount).toBe(0);

    const elsewhere = streamEvents(server.client(ana.token));
    await elsewhere.started;
    const result = await ana.client.room.markUnread.mutate({ roomId: room.id, messageId: third.id });
    expect(result.lastReadMessageId).toBe(third.id - 1);
    const after = await listed();
    expect(after?.lastReadMessageId).toBe(third.id - 1);
    expect(after?.unreadCount).toBe(3);
    expect(after?.mentionCount).toBe(1);
    const [event] = await elsewhere.until((e) => e.type === 'read.updated' && e.userId === ana.user.id, 1, "Ana's read.updated");
    expect(event).toMatchObject({ type: 'read.updated', roomId: room.id, lastReadMessageId: third.id - 1 });

    // Marking a later message unread leaves the marker where it is (it never moves forward).
    const again = await ana.client.room.markUnread.mutate({ roomId: room.id, messageId: fifth.id });
    expect(again.lastReadMessageId).toBe(third.id - 1);
    // markRead moves it forward again as before.
    await ana.client.room.markRead.mutate({ roomId: room.id, messageId: fifth.id });
    expect((await listed())?.unreadCount).toBe(0);
    elsewhere.stop();
  });

  it('is NOT_FOUND for a non-member and for a message of another room', async () => {
    const ana = await server.signUp('Ana Outside');
    const bo = await server.signUp('Bo Outside');
    const room = await bo.client.room.create.mutate({ name: `Closed ${Date.now()}`, visibility: 'private', memberIds: [] });
    const other = await bo.client.room.create.mutate({ name: `Other ${Date.now()}`, visibility: 'private', memberIds: [ana.user.id] });
    const message = await send(bo.client, room.id, 'members only');
    await expectCode(ana.client.room.markUnread.mutate({ roomId: room.id, messageId: message.id }), 'NOT_FOUND');
    const error = await expectCode(ana.client.room.markUnread.mutate({ roomId: other.id, messageId: message.id }), 'NOT_FOUND');
    expect(error.message).toContain('not in this room');
  });
});
