import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createConfabClient, type ConfabClient } from '@confab/sdk';
import { tempDataDir, waitFor } from '../harness.js';
import { cliPath, startCliServer } from '../cli/helpers.js';
import { PASSWORD, codeOf, rawSubscriber } from './helpers.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `confab <args>` as its own process on `dataDir`, with `stdin` piped in. */
function confab(dataDir: string, args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, PUBLIC_ORIGIN: 'https://chat.example.com', DEFAULT_SIGNUP_MODE: 'invite', LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const ok = async (run: Promise<Run>): Promise<string> => {
  const result = await run;
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
};

describe('confab team commands', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('on a stopped server: admin create, invite, users, promote, rename, deactivate, reactivate, reset-password', async () => {
    const dataDir = tempDataDir();
    await ok(confab(dataDir, ['admin', 'create', '--email', 'Root@Example.com', '--name', 'Root', '--password-stdin'], `${PASSWORD}\n`));
    const invite = await ok(confab(dataDir, ['invite', '--uses', '1', '--days', '3']));
    expect(invite).toMatch(/^https:\/\/chat\.example\.com\/join\/[\w-]{40,}$/);
    expect((await confab(dataDir, ['invite', '--uses', '0'])).code).toBe(2);

    // The link works once the server is up.
    const server = await startCliServer(dataDir, { DEFAULT_SIGNUP_MODE: 'invite' });
    const anonymous = createConfabClient({ url: server.url });
    await anonymous.auth.register.mutate({
      email: 'bo@example.com',
      name: 'Bo',
      password: PASSWORD,
      inviteCode: invite.slice(invite.lastIndexOf('/') + 1),
    });
    await anonymous.close();
    await server.stop();

    const table = await ok(confab(dataDir, ['users']));
    expect(table.split('\n')[0]).toMatch(/^NAME\s+E-MAIL\s+ROLE\s+STATUS\s+LAST SEEN$/);
    expect(table).toMatch(/Root\s+root@example\.com\s+admin\s+active/);
    expect(table).toMatch(/Bo\s+bo@example\.com\s+member\s+active/);

    // The last admin stays: refused with exit code 3.
    const refused = await confab(dataDir, ['deactivate', 'root@example.com']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/last active admin/);

    await ok(confab(dataDir, ['promote', 'bo@example.com']));
    expect(await ok(confab(dataDir, ['rename', 'bo@example.com', 'Bo', 'Berg']))).toBe('Bo Berg <bo@example.com>');
    expect(await ok(confab(dataDir, ['users']))).toMatch(/Bo Berg\s+bo@example\.com\s+admin\s+active/);
    expect(await ok(confab(dataDir, ['deactivate', 'root@example.com']))).toMatch(/deactivated/);
    expect(await ok(confab(dataDir, ['users']))).toMatch(/Root\s+root@example\.com\s+admin\s+deactivated/);
    await ok(confab(dataDir, ['reactivate', 'root@example.com']));
    expect(await ok(confab(dataDir, ['reset-password', 'root@example.com']))).toMatch(/^https:\/\/chat\.example\.com\/reset\/[\w-]{40,}$/);

    const unknown = await confab(dataDir, ['reset-password', 'ghost@example.com']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No account with the e-mail ghost@example.com/);
    expect((await confab(dataDir, ['deactivate'])).code).toBe(2);
  });

  it('against a running server: a deactivation closes the socket within a couple of seconds, a promotion counts at once, a reset link works', async () => {
    const dataDir = tempDataDir();
    const server = await startCliServer(dataDir, { DEFAULT_SIGNUP_MODE: 'invite' });
    cleanups.push(() => server.stop());
    const clients: ConfabClient[] = [];
    cleanups.push(() => Promise.all(clients.map((client) => client.close())));
    const connect = (token?: string) => {
      const client = createConfabClient({ url: server.url, token });
      clients.push(client);
      return client;
    };

    // The first account (through the API) is the admin; the CLI adds a member through an invite.
    const first = await connect().auth.register.mutate({ email: 'ada@example.com', name: 'Ada', password: PASSWORD, issueToken: true });
    const invite = await ok(confab(dataDir, ['invite']));
    const member = await connect().auth.register.mutate({
      email: 'max@example.com',
      name: 'Max',
      password: PASSWORD,
      issueToken: true,
      inviteCode: invite.slice(invite.lastIndexOf('/') + 1),
    });
    const memberClient = connect(member.token);
    expect(await codeOf(memberClient.admin.users.query())).toBe('FORBIDDEN');

    await ok(confab(dataDir, ['promote', 'max@example.com']));
    expect(await codeOf(memberClient.admin.users.query())).toBeNull();

    const socket: WebSocket = await rawSubscriber({ url: server.url } as Parameters<typeof rawSubscriber>[0], member.token ?? '');
    const closedAt = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
    const before = Date.now();
    await ok(confab(dataDir, ['deactivate', 'max@example.com']));
    const afterCommand = Date.now();
    const at = await closedAt;
    expect(at - afterCommand).toBeLessThan(2_500);
    expect(at).toBeGreaterThan(before);
    expect(await memberClient.auth.me.query()).toBeNull();

    const link = await ok(confab(dataDir, ['reset-password', 'ada@example.com']));
    const adaClient = connect(first.token);
    await connect().auth.resetPassword.mutate({ token: link.slice(link.lastIndexOf('/') + 1), password: 'reset from the cli' });
    await waitFor(async () => (await adaClient.auth.me.query()) === null, 5_000, 'the reset to end the session');
    await connect().auth.login.mutate({ email: 'ada@example.com', password: 'reset from the cli' });
  });
});
