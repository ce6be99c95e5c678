import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfabClient, PresenceEvent, TypingDto } from '@confab/sdk';
import { waitFor, type TestServer } from '../harness.js';
import { record, registerOffline, send, settle, startChatServer, streamEvents } from './helpers.js';

const watchPresence = (client: ConfabClient) => record<PresenceEvent>((handlers) => client.presence.onChange.subscribe(undefined, handlers));
const watchTyping = (client: ConfabClient, roomId?: string) =>
  record<TypingDto>((handlers) => client.typing.onChange.subscribe(roomId ? { roomId } : {}, handlers));
const changesOf = (values: PresenceEvent[], userId: string) =>
  values.flatMap((value) => (value.type === 'changed' && value.user.userId === userId ? [value.user] : []));

describe('presence', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startChatServer({ presenceGraceMs: 300 });
  });
  afterAll(() => server.close());

  it('a snapshot first, then online while a socket is open, then offline after the grace period with a last-seen time', async () => {
    const ana = await server.signUp();
    const ben = await registerOffline(server, 'Ben');
    const eve = await server.signUp();
    await ana.client.contact.add.mutate({ email: ben.user.email });
    const anaWatch = watchPresence(ana.client);
    const eveWatch = watchPresence(eve.client);
    await Promise.all([anaWatch.started, eveWatch.started]);
    await waitFor(() => anaWatch.values.length > 0, 5_000, 'snapshot');
    expect(anaWatch.values[0]).toEqual({ type: 'snapshot', users: [{ userId: ben.user.id, online: false, lastSeenAt: null }] });

    const benClient = server.client(ben.token);
    const benStream = streamEvents(benClient);
    await benStream.started;
    await waitFor(() => changesOf(anaWatch.values, ben.user.id).some((p) => p.online), 5_000, 'Ben online');
    expect((await ana.client.contact.list.query())[0]).toMatchObject({ online: true });

    await benClient.close();
    const offline = await waitFor(() => changesOf(anaWatch.values, ben.user.id).find((p) => !p.online), 5_000, 'Ben offline');
    expect(offline.lastSeenAt).toEqual(expect.any(String));
    expect((await ana.client.contact.list.query())[0]).toMatchObject({ online: false, lastSeenAt: offline.lastSeenAt });

    // Eve shares no room and no contact with Ben: she never learns about him.
    expect(eveWatch.values[0]).toEqual({ type: 'snapshot', users: [] });
    expect(changesOf(eveWatch.values, ben.user.id)).toEqual([]);
    anaWatch.stop();
    eveWatch.stop();
  });

  it("people who share a room see each other; being someone else's contact is enough too", async () => {
    const ana = await server.signUp();
    const ben = await server.signUp();
    const cy = await server.signUp();
    await ana.client.room.create.mutate({ name: 'Shared', visibility: 'private', memberIds: [ben.user.id] });
    await cy.client.contact.add.mutate({ email: ben.user.email });
    const benWatch = watchPresence(ben.client);
    await waitFor(() => benWatch.values.length > 0, 5_000, 'snapshot');
    const first = benWatch.values[0];
    expect(first?.type === 'snapshot' && first.users.map((u) => u.userId).sort()).toEqual([ana.user.id, cy.user.id].sort());
    benWatch.stop();
  });
});

describe('presence across a reload', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startChatServer({ presenceGraceMs: 5_000 });
  });
  afterAll(() => server.close());

  it('closing and reopening the socket within the grace period never shows the user offline', async () => {
    const ana = await server.signUp();
    const ben = await registerOffline(server, 'Ben');
    await ana.client.contact.add.mutate({ email: ben.user.email });
    const anaWatch = watchPresence(ana.client);
    await anaWatch.started;
    const before = server.client(ben.token);
    const first = streamEvents(before);
    await first.started;
    await waitFor(() => changesOf(anaWatch.values, ben.user.id).some((p) => p.online), 5_000, 'Ben online');
    await before.close();
    // The server has seen Ben's last socket go: only the grace period keeps him online now.
    await waitFor(() => !server.app.confab.api.services.connections.isOnline(ben.user.id), 5_000, 'socket gone');
    const after = server.client(ben.token);
    await streamEvents(after).started;
    await settle(5_500);
    expect(changesOf(anaWatch.values, ben.user.id).map((p) => p.online)).toEqual([true]);
    anaWatch.stop();
  });
});

describe('typing', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startChatServer({ typingTtlMs: 1_000 });
  });
  afterAll(() => server.close());

  it('typing reaches room members only and expires on its own', async () => {
    const ana = await server.signUp();
    const ben = await server.signUp('Ben');
    const eve = await server.signUp();
    const room = await ana.client.room.create.mutate({ name: 'Typing', visibility: 'private', memberIds: [ben.user.id] });
    const anaWatch = watchTyping(ana.client);
    const eveWatch = watchTyping(eve.client);
    await Promise.all([anaWatch.started, eveWatch.started]);
    await settle(100);
    await ben.client.typing.set.mutate({ roomId: room.id, isTyping: true });
    await ben.client.typing.set.mutate({ roomId: room.id, isTyping: true });
    await waitFor(() => anaWatch.values.length >= 2, 5_000, 'typing then expiry');
    expect(anaWatch.values).toEqual([
      { roomId: room.id, userId: ben.user.id, name: 'Ben', isTyping: true },
      { roomId: room.id, userId: ben.user.id, name: 'Ben', isTyping: false },
    ]);
    expect(eveWatch.values).toEqual([]);
    anaWatch.stop();
    eveWatch.stop();
  });
});

describe('typing cleared by sending', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startChatServer({ typingTtlMs: 60_000 });
  });
  afterAll(() => server.close());

  it("sending a message clears the sender's typing at once", async () => {
    const ana = await server.signUp();
    const ben = await server.signUp();
    const room = await ana.client.room.create.mutate({ name: 'Typing', visibility: 'private', memberIds: [ben.user.id] });
    const anaWatch = watchTyping(ana.client, room.id);
    await anaWatch.started;
    await settle(100);
    await ben.client.typing.set.mutate({ roomId: room.id, isTyping: true });
    await waitFor(() => anaWatch.values.length >= 1, 5_000, 'typing');
    await send(ben.client, room.id, 'done typing');
    await waitFor(() => anaWatch.values.length >= 2, 5_000, 'typing cleared');
    expect(anaWatch.values.map((v) => v.isTyping)).toEqual([true, false]);
    anaWatch.stop();
  });
});
