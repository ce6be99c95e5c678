import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { waitFor, type TestServer } from '../harness.js';
import { PASSWORD, codeOf, expectCode, join, rawSubscriber, setUpTeam, startTeamServer, streamEvents } from './helpers.js';
import { startSmtpSink } from './smtp-sink.js';

const closed = (socket: WebSocket) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('your account', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('changing the password needs the current one and signs out every other session, sockets included', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const person = await join(server, admin, 'Pat');
    const laptop = await server.client().auth.login.mutate({ email: person.user.email, password: PASSWORD, issueToken: true });
    if (!laptop.token) throw new Error('no token');
    const laptopClient = server.client(laptop.token);
    const laptopSocket = await rawSubscriber(server, laptop.token);
    const laptopClosed = closed(laptopSocket);

    // A wrong current password is FORBIDDEN, not UNAUTHORIZED: the session is fine, and clients sign out on UNAUTHORIZED.
    await expectCode(person.client.auth.changePassword.mutate({ currentPassword: 'not it at all', newPassword: 'a brand new secret' }), 'FORBIDDEN');
    expect((await person.client.auth.me.query())?.id).toBe(person.user.id);
    expect(
      (await expectCode(person.client.auth.changePassword.mutate({ currentPassword: PASSWORD, newPassword: 'short' }), 'BAD_REQUEST')).message,
    ).toMatch(/at least 8/);
    expect(await person.client.auth.changePassword.mutate({ currentPassword: PASSWORD, newPassword: 'a brand new secret' })).toEqual({
      endedSessions: 1,
      revokedKeys: 0,
    });
    expect(await laptopClosed).toBe(4001);
    expect(await laptopClient.auth.me.query()).toBeNull();
    expect((await person.client.auth.me.query())?.id).toBe(person.user.id);
    await expectCode(server.client().auth.login.mutate({ email: person.user.email, password: PASSWORD }), 'UNAUTHORIZED');
    await server.client().auth.login.mutate({ email: person.user.email, password: 'a brand new secret' });
  });

  it('lists signed-in sessions with device, address and last use, and ends one of them', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const person = await join(server, admin, 'Sam');
    const other = await server.client().auth.login.mutate({ email: person.user.email, password: PASSWORD, issueToken: true });
    const sessions = await person.client.auth.sessions.query();
    expect(sessions).toHaveLength(2);
    const current = sessions.find((session) => session.current);
    const second = sessions.find((session) => !session.current);
    expect(current).toMatchObject({ ip: '127.0.0.1' });
    expect(current?.device).toMatch(/\w/);
    expect(current?.lastUsedAt).not.toBeNull();
    if (!second || !other.token) throw new Error('no second session');
    await person.client.auth.revokeSession.mutate({ sessionId: second.id });
    expect(await server.client(other.token).auth.me.query()).toBeNull();
    expect(await person.client.auth.sessions.query()).toHaveLength(1);
    await expectCode(person.client.auth.revokeSession.mutate({ sessionId: second.id }), 'NOT_FOUND');
    // Someone else's session id looks missing too.
    const adminSessions = await admin.client.auth.sessions.query();
    await expectCode(person.client.auth.revokeSession.mutate({ sessionId: adminSessions[0]?.id ?? 'x' }), 'NOT_FOUND');
  });

  it('a new name reaches people who share a room live, as user.updated', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const person = await join(server, admin, 'Old Name');
    const watcher = streamEvents(admin.client);
    await watcher.started;
    const me = await person.client.user.updateProfile.mutate({ name: 'New Name' });
    expect(me.name).toBe('New Name');
    const [event] = await watcher.until((e) => e.type === 'user.updated' && e.user.id === person.user.id);
    expect(event).toMatchObject({ user: { name: 'New Name', deactivated: false } });
    watcher.stop();
  });

  it('a contact who shares no room also hears user.updated, in their personal stream', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const { code } = await admin.client.invite.create.mutate({ roomIds: [] });
    const loner = await join(server, admin, 'Loner', { code });
    const friend = await join(server, admin, 'Friend', { code: (await admin.client.invite.create.mutate({ roomIds: [] })).code });
    await friend.client.contact.add.mutate({ email: loner.user.email });
    const watcher = streamEvents(friend.client);
    await watcher.started;
    await loner.client.user.updateProfile.mutate({ name: 'Loner Renamed' });
    const [event] = await watcher.until((e) => e.type === 'user.updated');
    expect(event).toMatchObject({ roomId: `user:${friend.user.id}`, user: { name: 'Loner Renamed' } });
    watcher.stop();
  });

  it('changing the e-mail needs the password and a free address', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const person = await join(server, admin, 'Em');
    expect((await expectCode(person.client.user.updateProfile.mutate({ email: 'em.new@example.com' }), 'BAD_REQUEST')).message).toMatch(
      /current password/,
    );
    await expectCode(person.client.user.updateProfile.mutate({ email: 'em.new@example.com', password: 'wrong wrong' }), 'FORBIDDEN');
    await expectCode(person.client.user.updateProfile.mutate({ email: admin.user.email, password: PASSWORD }), 'CONFLICT');
    expect((await person.client.user.updateProfile.mutate({ email: 'Em.New@example.com', password: PASSWORD })).email).toBe('em.new@example.com');
    await server.client().auth.login.mutate({ email: 'em.new@example.com', password: PASSWORD });
  });
});

describe('password reset', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('an admin-made link works once, ends every session, and the next link replaces it', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const person = await join(server, admin, 'Forgetful');
    const socket = await rawSubscriber(server, person.token);
    const socketClosed = closed(socket);

    const first = await admin.client.admin.resetPassword.mutate({ userId: person.user.id });
    expect(first.url).toMatch(/^https:\/\/chat\.example\.com\/reset\/[\w-]{40,}$/);
    const second = await admin.client.admin.resetPassword.mutate({ userId: person.user.id });
    const anonymous = server.client();
    expect(
      (await expectCode(anonymous.auth.resetPassword.mutate({ token: tokenOf(first.url), password: 'fresh password 1' }), 'BAD_REQUEST')).message,
    ).toMatch(/not valid any more/);

    await anonymous.auth.resetPassword.mutate({ token: tokenOf(second.url), password: 'fresh password 1' });
    expect(await socketClosed).toBe(4001);
    expect(await person.client.auth.me.query()).toBeNull();
    await server.client().auth.login.mutate({ email: person.user.email, password: 'fresh password 1' });
    // Single use.
    await expectCode(anonymous.auth.resetPassword.mutate({ token: tokenOf(second.url), password: 'fresh password 2' }), 'BAD_REQUEST');
  });

  it('without SMTP, "Forgot password?" says to ask an admin', async () => {
    server = await startTeamServer();
    await setUpTeam(server);
    expect((await server.client().team.info.query()).passwordResetByEmail).toBe(false);
    const refusal = await expectCode(server.client().auth.requestReset.mutate({ email: 'anyone@example.com' }), 'PRECONDITION_FAILED');
    expect(refusal.message).toMatch(/ask an admin/);
  });

  it('with SMTP_URL, it mails a link to an account, and answers the same for an unknown address', async () => {
    const smtp = await startSmtpSink();
    try {
      server = await startTeamServer({ env: { SMTP_URL: smtp.url, SMTP_FROM: 'Acme Chat <chat@example.com>' } });
      const admin = await setUpTeam(server);
      expect((await server.client().team.info.query()).passwordResetByEmail).toBe(true);
      expect(await server.client().auth.requestReset.mutate({ email: 'nobody-here@example.com' })).toEqual({ ok: true });
      expect(await server.client().auth.requestReset.mutate({ email: admin.user.email })).toEqual({ ok: true });
      const mail = await waitFor(() => smtp.mails.find((text) => text.includes(admin.user.email)), 10_000, 'the reset mail');
      expect(smtp.mails).toHaveLength(1);
      const link = /https:\/\/chat\.example\.com\/reset\/([\w-]+)/.exec(mail.replace(/=\n/g, ''));
      if (!link?.[1]) throw new Error(`no link in the mail:\n${mail}`);
      await server.client().auth.resetPassword.mutate({ token: link[1], password: 'mailed new password' });
      expect(await codeOf(server.client().auth.login.mutate({ email: admin.user.email, password: 'mailed new password' }))).toBeNull();

      // An admin can have the link mailed too.
      const signedIn = await server.client().auth.login.mutate({ email: admin.user.email, password: 'mailed new password', issueToken: true });
      const sent = await server.client(signedIn.token).admin.resetPassword.mutate({ userId: admin.user.id, email: true });
      expect(sent.emailed).toBe(true);
      await waitFor(() => smtp.mails.length === 2 && smtp.mails[1]?.includes('Choose a new Acme password'), 10_000, 'the admin-sent mail');
    } finally {
      await smtp.close();
    }
  });
});
