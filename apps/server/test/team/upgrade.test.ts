import { afterEach, describe, expect, it } from 'vitest';
import type { TestServer } from '../harness.js';
import { legacyDatabase } from '../legacy-database.js';
import { PASSWORD, expectCode, startTeamServer, uniqueEmail } from './helpers.js';

/** A DATA_DIR as Confab left it before issue 10 (the migrations up to 0002 only), with two people. */
const oldDatabase = () =>
  legacyDatabase('0003_team', (sqlite) => {
    const insert = sqlite.prepare('INSERT INTO user (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
    // Not in creation order on purpose: the oldest account, not the first row, becomes admin.
    insert.run('second', 'second@example.com', 'Second', 'x', Date.now() - 1_000);
    insert.run('founder', 'founder@example.com', 'Founder', 'x', Date.now() - 60_000);
  }).dataDir;

describe('upgrading a server from before teams', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('makes the oldest user admin and keeps sign-up open (flagged for the admin) until an admin chooses', async () => {
    server = await startTeamServer({ dataDir: oldDatabase() });
    const roles = Object.fromEntries(server.app.confab.api.team.users().map((row) => [row.user.id, row.role]));
    expect(roles).toEqual({ founder: 'admin', second: 'member' });
    expect(await server.client().team.info.query()).toMatchObject({ needsSetup: false, signupMode: 'open' });

    // Today's behaviour stays: anyone may still sign up.
    const walkIn = await server.client().auth.register.mutate({ email: uniqueEmail('walkin'), name: 'Walk-in', password: PASSWORD });
    expect(walkIn.user.role).toBe('member');

    // The admin is shown a banner until they choose.
    const { url } = server.app.confab.api.team.resetLink('founder@example.com');
    await server.client().auth.resetPassword.mutate({ token: url.slice(url.lastIndexOf('/') + 1), password: PASSWORD });
    const login = await server.client().auth.login.mutate({ email: 'founder@example.com', password: PASSWORD, issueToken: true });
    const admin = server.client(login.token);
    expect((await admin.admin.settings.query()).signupModeInherited).toBe(true);
    await admin.admin.setRegistration.mutate({ mode: 'invite' });
    expect((await admin.admin.settings.query()).signupModeInherited).toBe(false);
    await expectCode(server.client().auth.register.mutate({ email: uniqueEmail('late'), name: 'Late', password: PASSWORD }), 'FORBIDDEN');
  });
});
