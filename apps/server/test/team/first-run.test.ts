import { afterEach, describe, expect, it } from 'vitest';
import type { TestServer } from '../harness.js';
import { PASSWORD, codeOf, expectCode, messageOf, setUpTeam, startTeamServer, uniqueEmail } from './helpers.js';

describe('first run', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('a server with no users offers setup; the first account becomes the admin and names the team', async () => {
    server = await startTeamServer();
    const before = await server.client().team.info.query();
    expect(before).toMatchObject({ needsSetup: true, signupMode: 'invite', passwordResetByEmail: false });

    const admin = await setUpTeam(server, 'Acme Rockets');
    const me = await admin.client.auth.me.query();
    expect(me?.role).toBe('admin');
    expect(await server.client().team.info.query()).toMatchObject({ name: 'Acme Rockets', needsSetup: false });
    // Setup opens a public room that invites join by default.
    const rooms = await admin.client.room.list.query();
    expect(rooms.map((room) => room.name)).toEqual(['General']);
    expect((await admin.client.admin.settings.query()).defaultRoomIds).toEqual([rooms[0]?.id]);
  });

  it('once one user exists, nobody can set up again or sign up without an invite', async () => {
    server = await startTeamServer();
    await setUpTeam(server);
    const anonymous = server.client();
    await expectCode(
      anonymous.auth.setup.mutate({ teamName: 'Mine now', email: uniqueEmail('grab'), name: 'Grabber', password: PASSWORD }),
      'CONFLICT',
    );
    const refusal = await expectCode(
      anonymous.auth.register.mutate({ email: uniqueEmail('stranger'), name: 'Stranger', password: PASSWORD }),
      'FORBIDDEN',
    );
    expect(refusal.message).toMatch(/invitation/);
    // Neither attempt left an account behind.
    const admin = await setUpTeamAdmin(server);
    expect((await admin.admin.users.query()).map((row) => row.user.name)).toEqual(['Ada Admin']);
  });

  it('the first plain auth.register (a program setting the server up) also becomes the admin, and the second is refused', async () => {
    server = await startTeamServer();
    const first = await server.client().auth.register.mutate({ email: uniqueEmail('first'), name: 'First', password: PASSWORD });
    expect(first.user.role).toBe('admin');
    expect(await codeOf(server.client().auth.register.mutate({ email: uniqueEmail('second'), name: 'Second', password: PASSWORD }))).toBe(
      'FORBIDDEN',
    );
  });

  it('two simultaneous first sign-ups make exactly one admin', async () => {
    server = await startTeamServer();
    const attempts = await Promise.allSettled(
      ['one', 'two', 'three'].map((name) => server.client().auth.register.mutate({ email: uniqueEmail(name), name, password: PASSWORD })),
    );
    const created = attempts.filter((attempt) => attempt.status === 'fulfilled');
    expect(created).toHaveLength(1);
    expect(attempts.filter((attempt) => attempt.status === 'rejected')).toHaveLength(2);
  });

  it('bad setup input says what to fix', async () => {
    server = await startTeamServer();
    expect(await messageOf(server.client().auth.setup.mutate({ teamName: '  ', email: uniqueEmail('a'), name: 'A', password: PASSWORD }))).toMatch(
      /teamName: Team name cannot be empty/,
    );
  });
});

async function setUpTeamAdmin(server: TestServer) {
  const users = server.app.confab.api.team.users();
  const admin = users.find((row) => row.role === 'admin');
  if (!admin) throw new Error('no admin');
  const signedIn = await server.client().auth.login.mutate({ email: admin.email, password: PASSWORD, issueToken: true });
  if (!signedIn.token) throw new Error('no token');
  return server.client(signedIn.token);
}
