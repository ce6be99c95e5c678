import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '@confab/db';
import { serverDir, tempDataDir, type TestServer } from '../harness.js';
import { PASSWORD, expectCode, startTeamServer, uniqueEmail } from './helpers.js';

/** A database as Confab left it before issue 10: the migrations up to 0002 only. */
function oldDatabase(dataDir: string): void {
  const migrations = path.join(tempDataDir(), 'drizzle');
  const current = path.join(serverDir, '../../drizzle');
  mkdirSync(path.join(migrations, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(current, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const old = journal.entries.filter((entry) => ['0000_init', '0001_upload_duration', '0002_event_member_index'].includes(entry.tag));
  expect(old).toHaveLength(3);
  for (const entry of old) cpSync(path.join(current, `${entry.tag}.sql`), path.join(migrations, `${entry.tag}.sql`));
  writeFileSync(path.join(migrations, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: old }));
  const db = createDb(path.join(dataDir, 'confab.db'), { migrationsFolder: migrations });
  const insert = db.$client.prepare('INSERT INTO user (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  // Not in creation order on purpose: the oldest account, not the first row, becomes admin.
  insert.run('second', 'second@example.com', 'Second', 'x', Date.now() - 1_000);
  insert.run('founder', 'founder@example.com', 'Founder', 'x', Date.now() - 60_000);
  db.$client.close();
}

describe('upgrading a server from before teams', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('makes the oldest user admin and keeps sign-up open (flagged for the admin) until an admin chooses', async () => {
    const dataDir = tempDataDir();
    oldDatabase(dataDir);
    server = await startTeamServer({ dataDir });
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
