import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../harness.js';
import { runCli } from '../cli/helpers.js';
import { expectCode, rawSubscriber } from '../chat/helpers.js';
import { closed, startIntegrationServer } from './helpers.js';

// How long a personal API key lives (issue 11): a password change or reset ends it, and so does a
// deactivation, for good: reactivating the account does not bring its keys back.

let server: TestServer;
let admin: Awaited<ReturnType<TestServer['signUp']>>;
beforeAll(async () => {
  ({ server } = await startIntegrationServer());
  admin = await server.signUp('Admin');
});
afterAll(() => server.close());

async function keyFor(person: Awaited<ReturnType<TestServer['signUp']>>, label: string): Promise<string> {
  return (await person.client.apiKey.create.mutate({ label })).apiKey;
}

describe('personal API keys end with the password they were made under', () => {
  it('changing the password revokes every personal key and closes its socket at once; this session and the bots one owns keep working', async () => {
    const ana = await server.signUp('Ana');
    const first = await keyFor(ana, 'deploy');
    const second = await keyFor(ana, 'backup');
    const socket = await rawSubscriber(server, first);
    const socketClosed = closed(socket);
    const sessionSocket = await rawSubscriber(server, ana.token);

    const started = Date.now();
    const result = await ana.client.auth.changePassword.mutate({ currentPassword: 'correct horse battery', newPassword: 'a brand new passphrase' });
    expect(result.revokedKeys).toBe(2);
    expect((await socketClosed).at - started).toBeLessThan(1_000);
    await expectCode(server.client(first).room.list.query(), 'UNAUTHORIZED');
    await expectCode(server.client(second).room.list.query(), 'UNAUTHORIZED');
    expect(await ana.client.apiKey.list.query()).toEqual([]);
    // The session that changed the password stays signed in, its socket open.
    expect(await ana.client.auth.me.query()).toMatchObject({ id: ana.user.id });
    expect(sessionSocket.readyState).toBe(sessionSocket.OPEN);
    sessionSocket.close();
    // A key made afterwards works.
    const fresh = await keyFor(ana, 'deploy again');
    expect(await server.client(fresh).auth.me.query()).toMatchObject({ id: ana.user.id });
  });

  it("an admin's password change leaves the bots' keys alone: a bot's key belongs to the bot", async () => {
    const boss = await server.signUp('Boss');
    await admin.client.admin.setRole.mutate({ userId: boss.user.id, role: 'admin' });
    const { apiKey: botKey } = await boss.client.bot.create.mutate({ name: 'Nightly' });
    await boss.client.auth.changePassword.mutate({ currentPassword: 'correct horse battery', newPassword: 'another long passphrase' });
    expect(await server.client(botKey).auth.me.query()).toMatchObject({ kind: 'bot' });
  });

  it('a new password through a reset link revokes the personal keys too, sockets included', async () => {
    const ben = await server.signUp('Ben');
    const key = await keyFor(ben, 'cron');
    const socketClosed = closed(await rawSubscriber(server, key));
    const { url } = await admin.client.admin.resetPassword.mutate({ userId: ben.user.id });
    const token = url.split('/reset/')[1] ?? '';
    const started = Date.now();
    await server.client().auth.resetPassword.mutate({ token, password: 'chosen after a reset' });
    expect((await socketClosed).at - started).toBeLessThan(1_000);
    await expectCode(server.client(key).room.list.query(), 'UNAUTHORIZED');
  });
});

describe('a deactivated person’s keys stay revoked', () => {
  it('deactivation by an admin closes the key’s socket at once; after reactivation the key still fails and is not listed', async () => {
    const cy = await server.signUp('Cy');
    const key = await keyFor(cy, 'sync');
    const socketClosed = closed(await rawSubscriber(server, key));
    const started = Date.now();
    await admin.client.admin.deactivate.mutate({ userId: cy.user.id });
    expect((await socketClosed).at - started).toBeLessThan(1_000);
    await admin.client.admin.reactivate.mutate({ userId: cy.user.id });

    await expectCode(server.client(key).room.list.query(), 'UNAUTHORIZED');
    expect(await server.client(key).auth.me.query()).toBeNull();
    const again = server.client();
    await again.signIn({ email: cy.user.email, password: 'correct horse battery' });
    expect(await again.apiKey.list.query()).toEqual([]);
  });

  it('the same from the command line: `confab deactivate` then `confab reactivate` (other processes) leave the key dead', async () => {
    const dee = await server.signUp('Dee');
    const key = await keyFor(dee, 'report');
    const socketClosed = closed(await rawSubscriber(server, key));
    const confab = async (command: string) => {
      const run = await runCli([command, dee.user.email], { DATA_DIR: server.dataDir });
      expect(run.code, run.stderr).toBe(0);
    };
    await confab('deactivate');
    await socketClosed;
    await confab('reactivate');
    await expectCode(server.client(key).room.list.query(), 'UNAUTHORIZED');
  });
});
