import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { invites } from '@confab/db';
import type { TestServer } from '../harness.js';
import { PASSWORD, expectCode, join, setUpTeam, startTeamServer, uniqueEmail } from './helpers.js';

describe('invites', () => {
  let server: TestServer;
  afterEach(() => server.close());

  const register = (code: string, name = 'Newcomer') =>
    server.client().auth.register.mutate({ email: uniqueEmail(name), name, password: PASSWORD, inviteCode: code });

  it('an invite link signs a person up into the default rooms, and invite.list counts the use', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const { code, url, invite } = await admin.client.invite.create.mutate({ maxUses: 5, expiresInDays: 7 });
    expect(url).toBe(`https://chat.example.com/join/${code}`);
    expect(code.length).toBeGreaterThanOrEqual(40);
    expect(invite).toMatchObject({ maxUses: 5, uses: 0, status: 'active', createdBy: { id: admin.user.id } });
    // Only a hash is stored: the database never holds the code.
    const stored = server.app.confab.db.select().from(invites).all();
    expect(JSON.stringify(stored)).not.toContain(code);

    expect(await server.client().invite.check.query({ code })).toMatchObject({ status: 'active', teamName: 'Acme' });
    const person = await join(server, admin, 'Bea', { code });
    expect((await person.client.room.list.query()).map((room) => room.name)).toEqual(['General']);
    expect((await admin.client.invite.list.query())[0]).toMatchObject({ id: invite.id, uses: 1, status: 'active' });
  });

  it('a used-up, revoked or expired code is refused with a message that says which', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);

    const once = await admin.client.invite.create.mutate({ maxUses: 1 });
    await register(once.code, 'First');
    expect((await expectCode(register(once.code, 'Second'), 'FORBIDDEN')).message).toMatch(/used as many times as it allows/);
    expect((await server.client().invite.check.query({ code: once.code })).status).toBe('used-up');

    const revoked = await admin.client.invite.create.mutate({});
    expect((await admin.client.invite.revoke.mutate({ code: revoked.code })).status).toBe('revoked');
    expect((await expectCode(register(revoked.code), 'FORBIDDEN')).message).toMatch(/revoked/);

    // Revoking by the id invite.list shows works too (the code is shown only once).
    const byId = await admin.client.invite.create.mutate({});
    await admin.client.invite.revoke.mutate({ code: byId.invite.id });
    expect((await expectCode(register(byId.code), 'FORBIDDEN')).message).toMatch(/revoked/);

    const expiring = await admin.client.invite.create.mutate({ expiresInDays: 1 });
    server.app.confab.db
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invites.id, expiring.invite.id))
      .run();
    expect((await expectCode(register(expiring.code), 'FORBIDDEN')).message).toMatch(/expired/);

    expect((await expectCode(register('not-a-real-code'), 'FORBIDDEN')).message).toMatch(/not valid/);
  });

  it('the last use of an invite cannot be taken twice by sign-ups racing for it', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const { code } = await admin.client.invite.create.mutate({ maxUses: 1 });
    const attempts = await Promise.allSettled(['a', 'b', 'c', 'd'].map((name) => register(code, name)));
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
  });

  it('an invite can name rooms to join instead of the defaults', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const design = await admin.client.room.create.mutate({ name: 'design', visibility: 'private' });
    const { code } = await admin.client.invite.create.mutate({ roomIds: [design.id] });
    const person = await join(server, admin, 'Cy', { code });
    expect((await person.client.room.list.query()).map((room) => room.name)).toEqual(['design']);
    await expectCode(admin.client.invite.create.mutate({ roomIds: ['no-such-room'] }), 'NOT_FOUND');
  });

  it('members may create invites only when the admin allows it, and see only their own', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const member = await join(server, admin, 'Dee');
    expect((await expectCode(member.client.invite.create.mutate({}), 'FORBIDDEN')).message).toMatch(/Only an admin/);
    await admin.client.admin.updateTeam.mutate({ membersCanInvite: true });
    const mine = await member.client.invite.create.mutate({ maxUses: 2 });
    expect((await member.client.invite.list.query()).map((invite) => invite.id)).toEqual([mine.invite.id]);
    expect((await admin.client.invite.list.query()).length).toBeGreaterThan(1);
    // A member cannot revoke someone else's invite (it looks missing).
    const adminsInvite = await admin.client.invite.create.mutate({});
    await expectCode(member.client.invite.revoke.mutate({ code: adminsInvite.invite.id }), 'NOT_FOUND');
  });

  it('bad invite input says what to fix', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    expect((await expectCode(admin.client.invite.create.mutate({ maxUses: 0 }), 'BAD_REQUEST')).message).toMatch(/maxUses must be at least 1/);
    expect((await expectCode(admin.client.invite.create.mutate({ expiresInDays: 1.5 }), 'BAD_REQUEST')).message).toMatch(/whole number/);
    await expectCode(server.client().invite.create.mutate({}), 'UNAUTHORIZED');
  });
});

describe('sign-up modes', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('domain mode lets listed domains in and sends others to an invite', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    await expectCode(admin.client.admin.setRegistration.mutate({ mode: 'domain' }), 'BAD_REQUEST');
    expect(
      (await expectCode(admin.client.admin.setRegistration.mutate({ mode: 'domain', domains: ['not a domain'] }), 'BAD_REQUEST')).message,
    ).toMatch(/example\.com/);
    await admin.client.admin.setRegistration.mutate({ mode: 'domain', domains: ['@Acme.test'] });
    expect((await admin.client.admin.settings.query()).signupDomains).toEqual(['acme.test']);

    const insider = await server.client().auth.register.mutate({ email: uniqueEmail('in', 'acme.test'), name: 'Insider', password: PASSWORD });
    expect(insider.user.role).toBe('member');
    const refusal = await expectCode(
      server.client().auth.register.mutate({ email: uniqueEmail('out', 'elsewhere.test'), name: 'Outsider', password: PASSWORD }),
      'FORBIDDEN',
    );
    expect(refusal.message).toMatch(/acme\.test/);
    // ...who can still join with an invite.
    await join(server, admin, 'Outsider', { email: uniqueEmail('out', 'elsewhere.test') });
  });

  it('open mode lets anyone sign up; invite mode closes it again', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    await admin.client.admin.setRegistration.mutate({ mode: 'open' });
    expect((await server.client().team.info.query()).signupMode).toBe('open');
    await server.client().auth.register.mutate({ email: uniqueEmail('walkin'), name: 'Walk-in', password: PASSWORD });
    await admin.client.admin.setRegistration.mutate({ mode: 'invite' });
    await expectCode(server.client().auth.register.mutate({ email: uniqueEmail('late'), name: 'Late', password: PASSWORD }), 'FORBIDDEN');
  });
});
