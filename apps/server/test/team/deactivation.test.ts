import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { waitFor, type TestServer } from '../harness.js';
import { PASSWORD, codeOf, expectCode, join, rawSubscriber, setUpTeam, startTeamServer, streamEvents } from './helpers.js';

const closed = (socket: WebSocket) =>
  new Promise<{ code: number; at: number }>((resolve) => socket.once('close', (code) => resolve({ code, at: Date.now() })));

describe('deactivating a person', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('closes their open WebSocket at once, ends their sessions and refuses their sign-in', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const leaver = await join(server, admin, 'Leaver');
    const socket = await rawSubscriber(server, leaver.token);
    const socketClosed = closed(socket);
    const started = Date.now();
    await admin.client.admin.deactivate.mutate({ userId: leaver.user.id });
    const { at } = await socketClosed;
    expect(at - started).toBeLessThan(1_000);
    expect(await codeOf(leaver.client.auth.me.query())).toBeNull();
    expect(await leaver.client.auth.me.query()).toBeNull();
    await expectCode(leaver.client.room.list.query(), 'UNAUTHORIZED');
    const refusal = await expectCode(server.client().auth.login.mutate({ email: leaver.user.email, password: PASSWORD }), 'FORBIDDEN');
    expect(refusal.message).toMatch(/deactivated/);
    // A wrong password still gets the usual answer: deactivation is told only to whoever knows the password.
    await expectCode(server.client().auth.login.mutate({ email: leaver.user.email, password: 'wrong password here' }), 'UNAUTHORIZED');
  });

  it('they leave member lists, the directory and contacts; their messages stay, marked deactivated; everyone hears user.updated', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const leaver = await join(server, admin, 'Leaver');
    const stayer = await join(server, admin, 'Stayer');
    const [general] = await admin.client.room.list.query();
    if (!general) throw new Error('no General room');
    await leaver.client.message.send.mutate({ roomId: general.id, body: 'bye all', clientId: randomUUID() });
    await stayer.client.contact.add.mutate({ email: leaver.user.email });
    const stream = streamEvents(stayer.client);
    await stream.started;

    await admin.client.admin.deactivate.mutate({ userId: leaver.user.id });
    const [event] = await stream.until((e) => e.type === 'user.updated', 1, 'user.updated');
    expect(event).toMatchObject({ type: 'user.updated', user: { id: leaver.user.id, name: 'Leaver', deactivated: true } });

    const members = await stayer.client.room.members.query({ roomId: general.id });
    expect(members.map((m) => m.user.name).sort()).toEqual(['Ada Admin', 'Stayer']);
    expect((await stayer.client.user.directory.query({})).map((entry) => entry.user.name)).toEqual(['Ada Admin']);
    expect(await stayer.client.contact.list.query()).toEqual([]);
    const { messages } = await stayer.client.message.history.query({ roomId: general.id });
    expect(messages.find((m) => m.body === 'bye all')?.author).toMatchObject({ name: 'Leaver', deactivated: true });
    // Nobody can open a new conversation with them or add them anywhere.
    await expectCode(stayer.client.room.openDirect.mutate({ userId: leaver.user.id }), 'NOT_FOUND');
    await expectCode(stayer.client.contact.add.mutate({ email: leaver.user.email }), 'NOT_FOUND');
    stream.stop();

    // Reactivated, they can sign in again and are back in the lists.
    await admin.client.admin.reactivate.mutate({ userId: leaver.user.id });
    await server.client().auth.login.mutate({ email: leaver.user.email, password: PASSWORD });
    expect((await stayer.client.room.members.query({ roomId: general.id })).map((m) => m.user.name)).toContain('Leaver');
  });

  it('the last active admin cannot be demoted or deactivated, by anyone, themselves included', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const other = await join(server, admin, 'Other');
    expect((await expectCode(admin.client.admin.setRole.mutate({ userId: admin.user.id, role: 'member' }), 'CONFLICT')).message).toMatch(
      /last active admin/,
    );
    await expectCode(admin.client.admin.deactivate.mutate({ userId: admin.user.id }), 'CONFLICT');
    await expectCode(admin.client.user.deactivate.mutate({ password: PASSWORD }), 'CONFLICT');
    expect((await admin.client.auth.me.query())?.role).toBe('admin');

    // With a second admin, the first may step down.
    await admin.client.admin.setRole.mutate({ userId: other.user.id, role: 'admin' });
    await admin.client.admin.setRole.mutate({ userId: admin.user.id, role: 'member' });
    await expectCode(other.client.admin.deactivate.mutate({ userId: other.user.id }), 'CONFLICT');
    await waitFor(async () => (await other.client.admin.users.query()).filter((row) => row.role === 'admin').length === 1);
  });

  it('a person may deactivate their own account with their password', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const person = await join(server, admin, 'Self');
    await expectCode(person.client.user.deactivate.mutate({ password: 'not my password' }), 'FORBIDDEN');
    await person.client.user.deactivate.mutate({ password: PASSWORD });
    expect(await person.client.auth.me.query()).toBeNull();
    const row = (await admin.client.admin.users.query()).find((entry) => entry.user.id === person.user.id);
    expect(row?.status).toBe('deactivated');
  });
});
