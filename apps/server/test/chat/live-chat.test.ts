import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../harness.js';
import { expectCode, messageBodies, send, settle, startChatServer, streamEvents } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startChatServer();
});
afterAll(() => server.close());

describe('direct messages', () => {
  it('two users chat live in a DM, and a third user sees nothing', async () => {
    const ana = await server.signUp('Ana');
    const ben = await server.signUp('Ben');
    const eve = await server.signUp('Eve');
    const anaStream = streamEvents(ana.client);
    const benStream = streamEvents(ben.client);
    const eveStream = streamEvents(eve.client);
    await Promise.all([anaStream.started, benStream.started, eveStream.started]);

    const dm = await ana.client.room.openDirect.mutate({ userId: ben.user.id });
    expect(dm).toMatchObject({ kind: 'direct', name: 'Ben', peer: { id: ben.user.id, name: 'Ben' }, lastMessage: null });
    // The conversation starts when a message arrives: until then Ben does not see it.
    expect((await ben.client.room.list.query()).map((room) => room.id)).not.toContain(dm.id);
    expect((await ana.client.room.list.query()).map((room) => room.id)).toContain(dm.id);

    await send(ana.client, dm.id, '  hi Ben  ');
    await benStream.until((e) => e.type === 'message.created', 1, 'Ben gets the first message');
    await send(ben.client, dm.id, 'hi Ana');
    await anaStream.until((e) => e.type === 'message.created', 2, 'Ana gets both messages');

    expect(messageBodies(anaStream.events)).toEqual(['hi Ben', 'hi Ana']);
    expect(messageBodies(benStream.events)).toEqual(['hi Ben', 'hi Ana']);
    const created = benStream.events.find((e) => e.type === 'message.created');
    expect(created?.type === 'message.created' && created.message).toMatchObject({
      roomId: dm.id,
      author: { id: ana.user.id, name: 'Ana' },
      attachments: [],
      reactions: [],
    });

    const benRooms = await ben.client.room.list.query();
    expect(benRooms[0]).toMatchObject({ id: dm.id, name: 'Ana', unreadCount: 0, lastMessage: { body: 'hi Ana' } });
    const anaRooms = await ana.client.room.list.query();
    expect(anaRooms[0]).toMatchObject({ id: dm.id, name: 'Ben', unreadCount: 1, peer: { id: ben.user.id, online: true } });

    await settle();
    expect(eveStream.events).toEqual([]);
    await expectCode(eve.client.message.history.query({ roomId: dm.id }), 'NOT_FOUND');
    expect(await eve.client.room.list.query()).toEqual([]);
    for (const s of [anaStream, benStream, eveStream]) s.stop();
  });

  it('a pair has exactly one DM room, even when both open it at once', async () => {
    const ana = await server.signUp();
    const ben = await server.signUp();
    const opened = await Promise.all([
      ...Array.from({ length: 5 }, () => ana.client.room.openDirect.mutate({ userId: ben.user.id })),
      ...Array.from({ length: 5 }, () => ben.client.room.openDirect.mutate({ userId: ana.user.id })),
    ]);
    expect(new Set(opened.map((room) => room.id)).size).toBe(1);
  });

  it('opening a DM with yourself is BAD_REQUEST, with an unknown user NOT_FOUND', async () => {
    const ana = await server.signUp();
    await expectCode(ana.client.room.openDirect.mutate({ userId: ana.user.id }), 'BAD_REQUEST');
    await expectCode(ana.client.room.openDirect.mutate({ userId: 'no-such-user' }), 'NOT_FOUND');
  });

  it('markRead only moves forward and tells the other person (for "Seen")', async () => {
    const ana = await server.signUp();
    const ben = await server.signUp();
    const dm = await ana.client.room.openDirect.mutate({ userId: ben.user.id });
    const first = await send(ana.client, dm.id, 'one');
    const second = await send(ana.client, dm.id, 'two');
    expect((await ben.client.room.byId.query({ roomId: dm.id })).unreadCount).toBe(2);
    const anaStream = streamEvents(ana.client);
    await anaStream.started;
    expect(await ben.client.room.markRead.mutate({ roomId: dm.id, messageId: second.id })).toEqual({ lastReadMessageId: second.id });
    expect(await ben.client.room.markRead.mutate({ roomId: dm.id, messageId: first.id })).toEqual({ lastReadMessageId: second.id });
    const [read] = await anaStream.until((e) => e.type === 'read.updated', 1, 'read marker');
    expect(read).toMatchObject({ type: 'read.updated', roomId: dm.id, userId: ben.user.id, lastReadMessageId: second.id });
    expect((await ben.client.room.byId.query({ roomId: dm.id })).unreadCount).toBe(0);
    const members = await ana.client.room.members.query({ roomId: dm.id });
    expect(members.find((m) => m.user.id === ben.user.id)?.lastReadMessageId).toBe(second.id);
    await settle();
    expect(anaStream.events.filter((e) => e.type === 'read.updated')).toHaveLength(1);
    anaStream.stop();
  });
});

describe('group rooms', () => {
  it('members chat live in a group; an outsider sees nothing and cannot join a private room', async () => {
    const owner = await server.signUp('Olga');
    const member = await server.signUp('Max');
    const outsider = await server.signUp('Otto');
    const outsiderStream = streamEvents(outsider.client);
    const memberStream = streamEvents(member.client);
    await Promise.all([outsiderStream.started, memberStream.started]);

    const room = await owner.client.room.create.mutate({ name: 'Planning', topic: 'Q3', visibility: 'private', memberIds: [member.user.id] });
    expect(room).toMatchObject({ kind: 'group', name: 'Planning', topic: 'Q3', role: 'owner', visibility: 'private' });
    await memberStream.until((e) => e.type === 'member.joined' && e.member.user.id === member.user.id, 1, 'Max is added');
    await send(owner.client, room.id, 'welcome');
    await send(member.client, room.id, 'thanks');
    await memberStream.until((e) => e.type === 'message.created', 2, 'both messages');
    expect(messageBodies(memberStream.events)).toEqual(['welcome', 'thanks']);

    await expectCode(outsider.client.room.join.mutate({ roomId: room.id }), 'NOT_FOUND');
    expect((await outsider.client.room.browse.query()).rooms.map((r) => r.id)).not.toContain(room.id);
    await settle();
    expect(outsiderStream.events).toEqual([]);
    outsiderStream.stop();
    memberStream.stop();
  });

  it('anyone may browse and join a public room, and then receives its events', async () => {
    const owner = await server.signUp();
    const joiner = await server.signUp();
    const room = await owner.client.room.create.mutate({ name: `Lobby ${randomUUID()}`, visibility: 'public' });
    const browsed = (await joiner.client.room.browse.query()).rooms;
    expect(browsed.find((r) => r.id === room.id)).toMatchObject({ memberCount: 1, isMember: false });
    const stream = streamEvents(joiner.client);
    await stream.started;
    await send(owner.client, room.id, 'before the join');
    await joiner.client.room.join.mutate({ roomId: room.id });
    await send(owner.client, room.id, 'after the join');
    await stream.until((e) => e.type === 'message.created', 1, 'the message after joining');
    expect(messageBodies(stream.events)).toEqual(['after the join']);
    expect(stream.events[0]).toMatchObject({ type: 'member.joined', member: { user: { id: joiner.user.id }, role: 'member' } });
    stream.stop();
  });

  it('a member who leaves stops receiving the room, and their own stream says they left', async () => {
    const owner = await server.signUp();
    const leaver = await server.signUp();
    const room = await owner.client.room.create.mutate({ name: 'Temp', visibility: 'private', memberIds: [leaver.user.id] });
    const stream = streamEvents(leaver.client);
    await stream.started;
    await send(owner.client, room.id, 'still here?');
    await stream.until((e) => e.type === 'message.created', 1, 'message before leaving');
    await leaver.client.room.leave.mutate({ roomId: room.id });
    await stream.until((e) => e.type === 'member.left', 1, 'the leaver hears they left');
    await send(owner.client, room.id, 'gone');
    await settle();
    expect(messageBodies(stream.events)).toEqual(['still here?']);
    expect(stream.events.filter((e) => e.type === 'member.left')).toHaveLength(1);
    await expectCode(leaver.client.message.history.query({ roomId: room.id }), 'NOT_FOUND');
    expect((await leaver.client.room.list.query()).map((r) => r.id)).not.toContain(room.id);
    stream.stop();
  });

  it('when the last owner leaves, the longest-standing member becomes owner', async () => {
    const owner = await server.signUp();
    const first = await server.signUp();
    const second = await server.signUp();
    const room = await owner.client.room.create.mutate({ name: 'Heirs', visibility: 'private', memberIds: [first.user.id] });
    await owner.client.room.addMembers.mutate({ roomId: room.id, userIds: [second.user.id] });
    const stream = streamEvents(second.client);
    await stream.started;
    await owner.client.room.leave.mutate({ roomId: room.id });
    const [promoted] = await stream.until((e) => e.type === 'member.updated', 1, 'member.updated');
    expect(promoted).toMatchObject({ type: 'member.updated', roomId: room.id, member: { user: { id: first.user.id }, role: 'owner' } });
    expect((await first.client.room.byId.query({ roomId: room.id })).role).toBe('owner');
    expect(await first.client.room.update.mutate({ roomId: room.id, name: 'Heirs 2' })).toMatchObject({ name: 'Heirs 2' });
    stream.stop();
  });

  it('only the owner renames a room; any member may add people', async () => {
    const owner = await server.signUp();
    const member = await server.signUp();
    const newcomer = await server.signUp();
    const room = await owner.client.room.create.mutate({ name: 'Ops', visibility: 'private', memberIds: [member.user.id] });
    await expectCode(member.client.room.update.mutate({ roomId: room.id, name: 'Mine now' }), 'FORBIDDEN');
    const stream = streamEvents(member.client);
    await stream.started;
    expect(await owner.client.room.update.mutate({ roomId: room.id, topic: 'On call' })).toMatchObject({ name: 'Ops', topic: 'On call' });
    await stream.until((e) => e.type === 'room.updated', 1, 'room.updated');
    expect(await member.client.room.addMembers.mutate({ roomId: room.id, userIds: [newcomer.user.id, owner.user.id] })).toEqual({
      addedUserIds: [newcomer.user.id],
    });
    expect((await newcomer.client.room.byId.query({ roomId: room.id })).name).toBe('Ops');
    await expectCode(member.client.room.addMembers.mutate({ roomId: room.id, userIds: ['nobody'] }), 'NOT_FOUND');
    stream.stop();
  });
});

describe('messages', () => {
  it('edit, delete and react reach the other members live', async () => {
    const owner = await server.signUp();
    const member = await server.signUp();
    const room = await owner.client.room.create.mutate({ name: 'Edits', visibility: 'private', memberIds: [member.user.id] });
    const stream = streamEvents(owner.client);
    await stream.started;
    const message = await send(member.client, room.id, 'helo');

    const edited = await member.client.message.edit.mutate({ messageId: message.id, body: 'hello' });
    expect(edited.editedAt).not.toBeNull();
    await member.client.message.react.mutate({ messageId: message.id, emoji: '👍' });
    await owner.client.message.react.mutate({ messageId: message.id, emoji: '👍' });
    const toggledOff = await member.client.message.react.mutate({ messageId: message.id, emoji: '👍' });
    expect(toggledOff.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [owner.user.id] }]);
    await expectCode(owner.client.message.edit.mutate({ messageId: message.id, body: 'not mine' }), 'FORBIDDEN');
    await expectCode(member.client.message.delete.mutate({ messageId: (await send(owner.client, room.id, 'owner says')).id }), 'FORBIDDEN');
    // The owner of a group may delete anyone's message.
    const tombstone = await owner.client.message.delete.mutate({ messageId: message.id });
    expect(tombstone).toMatchObject({ id: message.id, body: '', attachments: [], reactions: [] });
    expect(tombstone.deletedAt).not.toBeNull();

    const events = await stream.until((e) => e.type === 'message.deleted', 1, 'the delete');
    expect(events).toHaveLength(1);
    expect(stream.events.map((e) => e.type)).toEqual([
      'message.created',
      'message.updated',
      'reaction.changed',
      'reaction.changed',
      'reaction.changed',
      'message.created',
      'message.deleted',
    ]);
    const updated = stream.events[1];
    expect(updated?.type === 'message.updated' && updated.message.body).toBe('hello');
    const reactions = stream.events.flatMap((e) => (e.type === 'reaction.changed' ? [e.reactions] : []));
    expect(reactions.map((r) => r[0]?.count ?? 0)).toEqual([1, 2, 1]);
    await expectCode(owner.client.message.react.mutate({ messageId: message.id, emoji: '🎉' }), 'BAD_REQUEST');
    const page = await owner.client.message.history.query({ roomId: room.id });
    expect(page.messages.find((m) => m.id === message.id)).toMatchObject({ body: '', deletedAt: expect.any(String) });
    stream.stop();
  });

  it('a retried send with the same clientId makes one message and one event', async () => {
    const ana = await server.signUp();
    const ben = await server.signUp();
    const dm = await ana.client.room.openDirect.mutate({ userId: ben.user.id });
    const stream = streamEvents(ben.client);
    await stream.started;
    const clientId = randomUUID();
    const attempts = await Promise.all([1, 2, 3].map(() => ana.client.message.send.mutate({ roomId: dm.id, body: 'once', clientId })));
    const again = await ana.client.message.send.mutate({ roomId: dm.id, body: 'once', clientId });
    expect(new Set([...attempts, again].map((m) => m.id)).size).toBe(1);
    await stream.until((e) => e.type === 'message.created', 1, 'the message');
    await settle();
    expect(stream.events.filter((e) => e.type === 'message.created')).toHaveLength(1);
    expect((await ana.client.message.history.query({ roomId: dm.id })).messages).toHaveLength(1);
    stream.stop();
  });
});

describe('contacts', () => {
  it('adds by email, lists with presence, refuses unknown, self and duplicates, removes', async () => {
    const ana = await server.signUp();
    const ben = await server.signUp('Ben');
    const added = await ana.client.contact.add.mutate({ email: ben.user.email.toUpperCase() });
    expect(added).toMatchObject({ user: { id: ben.user.id, name: 'Ben' }, email: ben.user.email, online: false });
    expect(await ana.client.contact.list.query()).toHaveLength(1);
    const unknown = await expectCode(ana.client.contact.add.mutate({ email: 'nobody@example.com' }), 'NOT_FOUND');
    expect(unknown.message).toMatch(/^Nobody on this team has that e-mail/);
    await expectCode(ana.client.contact.add.mutate({ email: ana.user.email }), 'BAD_REQUEST');
    await expectCode(ana.client.contact.add.mutate({ email: ben.user.email }), 'CONFLICT');
    await expectCode(ana.client.contact.add.mutate({ email: 'not an email' }), 'BAD_REQUEST');
    expect(await ana.client.contact.remove.mutate({ userId: ben.user.id })).toEqual({ ok: true });
    expect(await ana.client.contact.list.query()).toEqual([]);
    await expectCode(ana.client.contact.remove.mutate({ userId: ben.user.id }), 'NOT_FOUND');
  });
});
