// The SDK as a program outside this repo gets it: built, packed, installed from the tarball with
// plain npm, type-checked strictly (no skipLibCheck) and run against a real server. The echo bot
// example is checked and run the same way, so the install happens once.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, waitFor, type TestServer } from '../../../apps/server/test/harness.js';

const run = promisify(execFile);
const sdkDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = path.resolve(sdkDir, '../..');
const tscBin = path.join(path.dirname(createRequire(path.join(sdkDir, 'package.json')).resolve('typescript/package.json')), 'bin/tsc');
const echoBotSource = path.join(repoRoot, 'examples/echo-bot.ts');
const password = 'correct horse battery';

let workDir: string;
let consumerDir: string;
let server: TestServer;
/** the server's first account, so its admin: it makes the echo bot */
let admin: Awaited<ReturnType<TestServer['signUp']>>;
const children: ChildProcess[] = [];

const pnpm = (args: string[], cwd: string) => run('npx', ['-y', 'pnpm@10.34.9', ...args], { cwd, maxBuffer: 16 * 1024 * 1024 });

/** tsc with the workspace's TypeScript; resolves to its exit code and output instead of throwing. */
async function tsc(project: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [tscBin, '-p', project], { cwd: consumerDir });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

function compilerOptions(extra: Record<string, unknown> = {}) {
  return {
    strict: true,
    skipLibCheck: false,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    // @trpc/client's declarations name fetch's RequestInfo, which only the DOM lib declares.
    lib: ['ES2022', 'DOM'],
    types: ['node'],
    ...extra,
  };
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'confab-sdk-pack-'));
  consumerDir = path.join(workDir, 'consumer');
  await pnpm(['--filter', '@confab/sdk', 'run', 'build'], repoRoot);
  await pnpm(['pack', '--pack-destination', workDir], sdkDir);
  const tarball = readdirSync(workDir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack wrote no tarball');

  await run('mkdir', ['-p', consumerDir]);
  writeFileSync(
    path.join(consumerDir, 'package.json'),
    JSON.stringify({ name: 'sdk-consumer', private: true, type: 'module', dependencies: { '@confab/sdk': `file:../${tarball}` } }, null, 2),
  );
  // The cache lives in the temp dir too, so the test leaves nothing behind.
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--cache', path.join(workDir, 'npm-cache')], {
    cwd: consumerDir,
    maxBuffer: 16 * 1024 * 1024,
  });

  writeFileSync(path.join(consumerDir, 'consumer.ts'), CONSUMER);
  writeFileSync(path.join(consumerDir, 'one-shot.ts'), ONE_SHOT);
  writeFileSync(path.join(consumerDir, 'require-check.cjs'), REQUIRE_CHECK);
  writeFileSync(path.join(consumerDir, 'wrong.ts'), WRONG);
  copyFileSync(echoBotSource, path.join(consumerDir, 'echo-bot.ts'));
  writeFileSync(
    path.join(consumerDir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: compilerOptions({ outDir: 'out' }), files: ['consumer.ts', 'one-shot.ts', 'echo-bot.ts'] }),
  );
  writeFileSync(
    path.join(consumerDir, 'tsconfig.wrong.json'),
    JSON.stringify({ compilerOptions: compilerOptions({ noEmit: true }), files: ['wrong.ts'] }),
  );

  server = await startServer();
  admin = await server.signUp('Admin');
}, 300_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('the packed SDK', () => {
  it('ships only dist, with workspace and catalog versions rewritten and its own dependencies installed', () => {
    const installed = path.join(consumerDir, 'node_modules/@confab/sdk');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(manifest)).not.toMatch(/workspace:|catalog:/);
    // pnpm pack adds the repository's LICENSE (MIT, as package.json says) beside the listed files.
    expect(readdirSync(installed).sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json']);
    expect(manifest.license).toBe('MIT');
    for (const file of ['index.js', 'client.js', 'events.js', 'send.js', 'index.d.ts'])
      expect(existsSync(path.join(installed, 'dist', file))).toBe(true);
    for (const dependency of ['@trpc/client', '@trpc/server', 'ws'])
      expect(existsSync(path.join(consumerDir, 'node_modules', dependency))).toBe(true);
    // The bundled declarations are self-contained: nothing from the server side of the repo.
    const types = readFileSync(path.join(installed, 'dist/index.d.ts'), 'utf8');
    expect(types).not.toMatch(/@confab\/|drizzle|better-sqlite3|from 'zod'|argon2/);
  });

  it('ships source maps that carry their own sources, since src/ is not in the package', () => {
    const dist = path.join(consumerDir, 'node_modules/@confab/sdk/dist');
    const maps = readdirSync(dist).filter((name) => name.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(5);
    for (const name of maps) {
      const map = JSON.parse(readFileSync(path.join(dist, name), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(map.sourcesContent?.length, name).toBe(map.sources.length);
      expect(
        map.sourcesContent?.every((source) => typeof source === 'string' && source.length > 0),
        name,
      ).toBe(true);
    }
  });

  it('loads with require() from CommonJS, not only with import', async () => {
    const { stdout } = await run(process.execPath, ['require-check.cjs'], { cwd: consumerDir, timeout: 30_000 });
    expect(JSON.parse(stdout.trim())).toEqual({ createConfabClient: 'function', TRPCClientError: 'function', UploadError: 'function' });
  });

  it('type-checks a consumer strictly without skipLibCheck', async () => {
    const result = await tsc('tsconfig.json');
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 180_000);

  it('rejects wrong calls at compile time, so the router types really arrived', async () => {
    const result = await tsc('tsconfig.wrong.json');
    expect(result.code).not.toBe(0);
    const errorLines = result.output.split('\n').filter((line) => /error TS\d+/.test(line));
    // Every error is in the consumer's own file: the SDK's declarations themselves are clean.
    expect(errorLines.every((line) => line.startsWith('wrong.ts('))).toBe(true);
    // One error per deliberate mistake (see WRONG below).
    expect(errorLines.map((line) => /^wrong\.ts\((\d+),/.exec(line)?.[1])).toEqual(['3', '4', '5', '6']);
  }, 180_000);

  it('runs against a real server: register, sign in with a token, me, one live event, a typed error', async () => {
    const { stdout } = await run(process.execPath, ['out/consumer.js'], {
      cwd: consumerDir,
      env: { ...process.env, CONFAB_URL: server.url },
      timeout: 60_000,
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(report).toMatchObject({
      registered: true,
      meMatchesSignIn: true,
      tokenIssued: true,
      event: { type: 'message.created', body: 'hello from the tarball' },
      wrongPasswordCode: 'UNAUTHORIZED',
      finalState: 'offline',
    });
  });

  it('lets a one-shot script exit by itself, without close(): no socket for queries, and none left after its stream stops', async () => {
    const { user } = await server.signUp('One shot');
    const env = { ...process.env, CONFAB_URL: server.url, CONFAB_EMAIL: user.email, CONFAB_PASSWORD: password };
    const started = Date.now();
    const { stdout } = await run(process.execPath, ['out/one-shot.js'], { cwd: consumerDir, env, timeout: 30_000 });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({ sent: 'one shot', stateBeforeStream: 'idle', streamStarted: true });
    // The stream's socket closes 3 s after it stops; the script ends right after, not at the 30 s timeout.
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 40_000);
});

describe('the echo bot example', () => {
  it('runs with a bot key, answers messages in its rooms (its room only with CONFAB_ROOM), never itself, and exits cleanly on SIGTERM', async () => {
    const ana = await server.signUp('Ana');
    const { bot, apiKey } = await admin.client.bot.create.mutate({ name: 'Echo Bot' });
    const watched = await ana.client.room.create.mutate({ name: 'With the bot', visibility: 'private', memberIds: [bot.id] });
    const ignored = await ana.client.room.create.mutate({ name: 'Also with the bot', visibility: 'private', memberIds: [bot.id] });

    let output = '';
    const child = spawn(process.execPath, ['out/echo-bot.js'], {
      cwd: consumerDir,
      env: { ...process.env, CONFAB_URL: server.url, CONFAB_API_KEY: apiKey, CONFAB_ROOM: watched.id },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`the bot exited with code ${child.exitCode}:\n${output}`);
        return output.includes('listening');
      },
      30_000,
      'the bot to start listening',
    );
    const send = (roomId: string, body: string) => ana.client.message.send.mutate({ roomId, body, clientId: `${roomId}-${body}` });
    const bodies = async (roomId: string) => (await ana.client.message.history.query({ roomId })).messages.map((message) => message.body);

    await send(ignored.id, 'not for the bot');
    await send(watched.id, 'hi bot');
    await waitFor(async () => (await bodies(watched.id)).includes('echo: hi bot'), 30_000, 'the first answer');
    await send(watched.id, 'second');
    await waitFor(async () => (await bodies(watched.id)).includes('echo: second'), 30_000, 'the second answer');

    // Events are handled in order, so had the bot answered itself, 'echo: echo: hi bot' would come first.
    const watchedBodies = await bodies(watched.id);
    expect([...watchedBodies].sort()).toEqual(['echo: hi bot', 'echo: second', 'hi bot', 'second']);
    expect(await bodies(ignored.id)).toEqual(['not for the bot']);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('connection: live');
    expect(output).toContain('SIGTERM: stopping');
    expect(output).not.toContain('error:');
  }, 90_000);

  for (const readme of ['README.md', 'packages/sdk/README.md']) {
    const file = path.join(repoRoot, readme);
    const block = existsSync(file) ? echoBotBlock(readFileSync(file, 'utf8')) : null;
    // Skipped, with this title saying why, while the file has no "Echo bot" heading followed by a ts block.
    const title =
      block === null
        ? `${readme} has no "Echo bot" heading with a ts block yet, so there is nothing to compare`
        : `${readme} shows examples/echo-bot.ts verbatim under "Echo bot"`;
    it.skipIf(block === null)(title, () => {
      expect(block).toBe(readFileSync(echoBotSource, 'utf8'));
    });
  }
});

/** The first ```ts block after a heading whose text is "Echo bot", or null. */
function echoBotBlock(markdown: string): string | null {
  const heading = /^#{1,6} +Echo bot *$/m.exec(markdown);
  if (!heading) return null;
  const block = /```ts\n([\s\S]*?)```/.exec(markdown.slice(heading.index));
  return block?.[1] ?? null;
}

const CONSUMER = `import { createConfabClient, TRPCClientError, type ConfabEvent, type RouterOutputs } from '@confab/sdk';

const url = process.env.CONFAB_URL;
if (!url) throw new Error('CONFAB_URL is not set');
const email = \`packed-\${process.pid}@example.com\`;
const password = '${password}';

const anonymous = createConfabClient({ url });
const registered = await anonymous.auth.register.mutate({ email, name: 'Packed', password });
const wrong = await anonymous.auth.login.mutate({ email, password: 'not the password' }).catch((error: unknown) => error);
await anonymous.close();

const client = createConfabClient({ url });
const signedIn = await client.signIn({ email, password });
const me: RouterOutputs['auth']['me'] = await client.auth.me.query();
const room = await client.room.create.mutate({ name: 'Pack test', visibility: 'private' });

let sent = false;
const event = await new Promise<ConfabEvent>((resolve) => {
  const stream = client.events({
    onStarted() {
      if (sent) return;
      sent = true;
      void client.send(room.id, 'hello from the tarball');
    },
    onEvent(received) {
      if (received.type !== 'message.created') return;
      stream.stop();
      resolve(received);
    },
  });
});
await client.close();

console.log(JSON.stringify({
  registered: registered.user.email === email,
  meMatchesSignIn: me?.id === signedIn.user.id,
  tokenIssued: signedIn.token.length > 20,
  event: { type: event.type, body: event.type === 'message.created' ? event.message.body : null },
  wrongPasswordCode: wrong instanceof TRPCClientError ? wrong.data?.code : null,
  finalState: client.connectionState,
}));
`;

// Signs in, sends, reads history and follows one stream until it starts, then simply ends: no close().
const ONE_SHOT = `import { createConfabClient } from '@confab/sdk';

const { CONFAB_URL: url, CONFAB_EMAIL: email, CONFAB_PASSWORD: password } = process.env;
if (!url || !email || !password) throw new Error('CONFAB_URL, CONFAB_EMAIL and CONFAB_PASSWORD must be set');
const client = createConfabClient({ url });
await client.signIn({ email, password });
const room = await client.room.create.mutate({ name: 'One shot', visibility: 'private' });
await client.send(room.id, 'one shot');
const { messages } = await client.message.history.query({ roomId: room.id });
const stateBeforeStream = client.connectionState;
const streamStarted = await new Promise<boolean>((resolve) => {
  const stream = client.events({ onStarted: () => { stream.stop(); resolve(true); }, onError: () => resolve(false) });
});
console.log(JSON.stringify({ sent: messages[0]?.body, stateBeforeStream, streamStarted }));
`;

const REQUIRE_CHECK = `const sdk = require('@confab/sdk');
console.log(JSON.stringify({
  createConfabClient: typeof sdk.createConfabClient,
  TRPCClientError: typeof sdk.TRPCClientError,
  UploadError: typeof sdk.UploadError,
}));
`;

// Each line from 3 to 6 holds one mistake the compiler must catch.
const WRONG = `import { createConfabClient } from '@confab/sdk';
const client = createConfabClient({ url: 'http://127.0.0.1:9' });
await client.auth.login.mutate({ email: 42, password: 'x' });
await client.message.send.mutate({ roomId: 'r', body: 'no clientId' });
await client.room.noSuchProcedure.query();
client.events({ on: { 'message.created': (event) => void event.message.noSuchField } });
`;
