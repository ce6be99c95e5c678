import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfabClient } from '@confab/sdk';
import type { TestServer } from '../harness.js';
import { expectCode, send, startChatServer, streamEvents } from './helpers.js';

// Per-room notification levels and unread mentions (issue 15): stored per membership, shown by
// room.list, and synced to the user's other devices through their personal stream.

let server: TestServer;
beforeAll(async () => {
  server = await startChatServer();
});
afterAll(() => server.close());

const listed = async (client: ConfabClient, roomId: string) => {
  const room = (await client.room.list.query()).find((r) => r.id === roomId);
  if (!room) throw new Error(`room ${roomId} is not in the list`);
  return room;
};

describe('notification levels', () => {
  it('a group defaults to mentions and a DM to all', async () => {
    const ana = await server.signUp('Ana Levels');
    const bo = await server.signUp('Bo Levels');
    const group = await ana.client.room.create.mutate({ name: 'levels-defaults', visibility: 'private', memberIds: [bo.user.id] });
    const dm = await ana.client.room.openDirect.mutate({ userId: bo.user.id });
    expect(group.notificationLevel).toBe('mentions');
    expect(dm.notificationLevel).toBe('all');
    expect(group.ignoreMentions).toBe(false);
    await send(ana.client, dm.id, 'hello');
    expect((await listed(bo.client, dm.id)).notificationLevel).toBe('all');
  });

  it('a muted room shows no unread count, but its mentions still count unless ignored', async () => {
    const ana = await server.signUp('Ana Mute');
    const bo = await server.signUp('Bo Mute');
    const room = await ana.client.room.create.mutate({ name: 'levels-mute', visibility: 'private', memberIds: [bo.user.id] });
    await send(ana.client, room.id, 'one');
    await send(ana.client, room.id, 'two, @Bo Mute');
    expect(await listed(bo.client, room.id)).toMatchObject({ unreadCount: 2, mentionCount: 1 });

    await bo.client.room.setNotificationLevel.mutate({ roomId: room.id, level: 'nothing' });
    expect(await listed(bo.client, room.id)).toMatchObject({ notificationLevel: 'nothing', unreadCount: 0, mentionCount: 1, ignoreMentions: false });

    await bo.client.room.setNotificationLevel.mutate({ roomId: room.id, level: 'nothing', ignoreMentions: true });
    expect(await listed(bo.client, room.id)).toMatchObject({ unreadCount: 0, mentionCount: 0, ignoreMentions: true });

    const all = await bo.client.room.setNotificationLevel.mutate({ roomId: room.id, level: 'all', ignoreMentions: true });
    expect(all, 'ignoring mentions only applies to a muted room').toEqual({ level: 'all', ignoreMentions: false });
    expect(await listed(bo.client, room.id)).toMatchObject({ notificationLevel: 'all', unreadCount: 2, mentionCount: 1 });
  });

  it('a level change reaches my other devices live, and nobody else', async () => {
    const ana = await server.signUp('Ana Sync');
    const bo = await server.signUp('Bo Sync');
    const room = await ana.client.room.create.mutate({ name: 'levels-sync', visibility: 'private', memberIds: [bo.user.id] });
    const anaElsewhere = streamEvents(server.client(ana.token));
    const boStream = streamEvents(bo.client);
    await Promise.all([anaElsewhere.started, boStream.started]);
    await ana.client.room.setNotificationLevel.mutate({ roomId: room.id, level: 'nothing' });
    const [event] = await anaElsewhere.until((e) => e.type === 'notification.updated', 1, 'the level on her other device');
    expect(event).toMatchObject({ type: 'notification.updated', roomId: room.id, level: 'nothing', ignoreMentions: false });
    // A message after it proves Bo's stream was live and skipped the change.
    const after = await send(ana.client, room.id, 'after');
    await boStream.until((e) => e.type === 'message.created' && e.message.id === after.id, 1, 'the message after');
    expect(boStream.events.some((e) => e.type === 'notification.updated')).toBe(false);
    anaElsewhere.stop();
    boStream.stop();

    // A device that was away replays it.
    const replayed = streamEvents(server.client(ana.token), '0');
    await replayed.until((e) => e.type === 'notification.updated' && e.roomId === room.id, 1, 'the replayed level');
    replayed.stop();
  });

  it('a bad level or a room I am not in gets a typed error', async () => {
    const ana = await server.signUp('Ana Bad');
    const bo = await server.signUp('Bo Bad');
    const room = await ana.client.room.create.mutate({ name: 'levels-bad', visibility: 'private' });
    const error = await expectCode(ana.client.room.setNotificationLevel.mutate({ roomId: room.id, level: 'loud' as 'all' }), 'BAD_REQUEST');
    expect(error.message).toContain('level must be "all", "mentions" or "nothing"');
    await expectCode(bo.client.room.setNotificationLevel.mutate({ roomId: room.id, level: 'all' }), 'NOT_FOUND');
  });
});

describe('unread mentions', () => {
  it('counts messages after my read marker that @mention me, by full name, longest name first', async () => {
    const ana = await server.signUp('Ana Count');
    const bo = await server.signUp('Bo');
    const boLong = await server.signUp('Bo Count');
    const room = await ana.client.room.create.mutate({ name: 'mentions-count', visibility: 'private', memberIds: [bo.user.id, boLong.user.id] });
    await send(ana.client, room.id, '@Bo Count look'); // Bo Count, not Bo
    await send(ana.client, room.id, 'hi @bo!'); // Bo (case-insensitive, punctuation ends it)
    await send(ana.client, room.id, 'email bo@Bo.example and @Bob'); // nobody: inside a word, and a longer word
    const last = await send(ana.client, room.id, '@Bo and @Bo Count');
    expect(await listed(bo.client, room.id)).toMatchObject({ unreadCount: 4, mentionCount: 2 });
    expect(await listed(boLong.client, room.id)).toMatchObject({ unreadCount: 4, mentionCount: 2 });

    await bo.client.room.markRead.mutate({ roomId: room.id, messageId: last.id - 1 });
    expect(await listed(bo.client, room.id)).toMatchObject({ unreadCount: 1, mentionCount: 1 });
    await bo.client.room.markRead.mutate({ roomId: room.id, messageId: last.id });
    expect(await listed(bo.client, room.id)).toMatchObject({ unreadCount: 0, mentionCount: 0 });
  });

  it('the live event names who is mentioned, an edit re-counts and a delete uncounts', async () => {
    const ana = await server.signUp('Ana Edit');
    const bo = await server.signUp('Bo Edit');
    const room = await ana.client.room.create.mutate({ name: 'mentions-edit', visibility: 'private', memberIds: [bo.user.id] });
    const boStream = streamEvents(bo.client);
    await boStream.started;
    const message = await send(ana.client, room.id, 'hey @Bo Edit');
    const [created] = await boStream.until((e) => e.type === 'message.created' && e.message.id === message.id, 1, 'the mention');
    expect(created).toMatchObject({ mentionedUserIds: [bo.user.id] });
    boStream.stop();
    expect((await listed(bo.client, room.id)).mentionCount).toBe(1);

    await ana.client.message.edit.mutate({ messageId: message.id, body: 'hey everyone' });
    expect((await listed(bo.client, room.id)).mentionCount).toBe(0);
    await ana.client.message.edit.mutate({ messageId: message.id, body: 'hey @bo edit' });
    expect((await listed(bo.client, room.id)).mentionCount).toBe(1);
    await ana.client.message.delete.mutate({ messageId: message.id });
    expect(await listed(bo.client, room.id)).toMatchObject({ unreadCount: 0, mentionCount: 0 });
  });

  it('my own mention of myself does not count, and someone outside the room is not mentioned', async () => {
    const ana = await server.signUp('Ana Self');
    const outsider = await server.signUp('Cy Outside');
    const room = await ana.client.room.create.mutate({ name: 'mentions-self', visibility: 'private' });
    await send(ana.client, room.id, 'note to @Ana Self and @Cy Outside');
    expect((await listed(ana.client, room.id)).mentionCount).toBe(0);
    expect((await outsider.client.room.list.query()).some((r) => r.id === room.id)).toBe(false);
  });
});
