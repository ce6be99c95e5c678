import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, type TrpcJson } from '../harness.js';
import { expectStillServes } from './helpers.js';

// Where data lives: a DATA_DIR Confab cannot write says so in one line, and a full disk refuses
// writes with a typed error while reads go on and nothing stored is lost.

const configModule = path.resolve(import.meta.dirname, '../../src/config.ts');
const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const NOBODY = 65534;

/** Runs loadConfig as user nobody (tests run as root, who may write anywhere) and returns what it printed. */
function loadConfigAsNobody(dataDir: string): string {
  const script = path.join(scratch, 'load-config.ts');
  writeFileSync(
    script,
    `import { loadConfig } from ${JSON.stringify(configModule)};\ntry { loadConfig({ DATA_DIR: process.argv[2] }); console.log('OK'); } catch (e) { console.log(\`\${(e as Error).name}: \${(e as Error).message}\`); }\n`,
  );
  chmodSync(script, 0o644);
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, dataDir], {
    cwd: repoRoot,
    uid: NOBODY,
    gid: NOBODY,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return `${result.stdout}${result.stderr}`.trim();
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'confab-datadir-'));
  chmodSync(scratch, 0o755);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a DATA_DIR Confab cannot write', () => {
  const canSwitchUser = process.getuid?.() === 0;

  it.runIf(canSwitchUser)('a read-only folder: one line naming the folder and the user', () => {
    const readOnly = path.join(scratch, 'read-only');
    const created = spawnSync('mkdir', ['-m', '755', readOnly]);
    expect(created.status).toBe(0);
    const output = loadConfigAsNobody(readOnly);
    expect(output).toBe(
      `ConfigError: DATA_DIR ${readOnly} is not writable by user nobody (EACCES): give that user write access (chown/chmod), or point DATA_DIR elsewhere`,
    );
    expect(output.split('\n')).toHaveLength(1);
  });

  it.runIf(canSwitchUser)('a folder that cannot be created: says so, not a misleading mkdir of uploads', () => {
    const missing = path.join(scratch, 'read-only-parent', 'data');
    spawnSync('mkdir', ['-m', '755', path.dirname(missing)]);
    const output = loadConfigAsNobody(missing);
    expect(output).toMatch(new RegExp(`^ConfigError: DATA_DIR ${missing} does not exist and cannot be created by user nobody \\(EACCES\\)`));
    expect(output).not.toMatch(/uploads|SqliteError|\n/);
  });
});

describe('a full disk', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ build: { limits: { registerPerIp: { max: 10_000, windowMs: 60_000 } } } });
  });
  afterAll(() => server.close());

  it('writes are refused with SERVICE_UNAVAILABLE and a sentence, not SQLite text; reads work; writes resume once space is back', async () => {
    const { client, token } = await server.signUp();
    const room = await client.room.create.mutate({ name: 'before the disk filled', visibility: 'private' });
    await client.message.send.mutate({ roomId: room.id, body: 'stored before', clientId: 'before-1' });

    // The database may grow no further: exactly what SQLite reports on a full disk (SQLITE_FULL).
    const sqlite = server.app.confab.db.$client;
    const pages = Number(sqlite.pragma('page_count', { simple: true }));
    sqlite.pragma(`max_page_count = ${pages}`);
    try {
      const filler = 'x'.repeat(3_900);
      let refused: TrpcJson | null = null;
      for (let i = 0; i < 400 && !refused; i++) {
        const response = await fetch(`${server.url}/trpc/message.send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ roomId: room.id, body: filler, clientId: `fill-${i}` }),
        });
        if (response.status !== 200) {
          expect(response.status).toBe(503);
          refused = (await response.json()) as TrpcJson;
        }
      }
      expect(refused?.error?.data.code).toBe('SERVICE_UNAVAILABLE');
      expect(refused?.error?.message).toMatch(/disk is full, so nothing was saved/);
      expect(JSON.stringify(refused)).not.toMatch(/sqlite|database or disk|SQLITE_FULL/i);
      // Reads still work while it is full.
      const history = await client.message.history.query({ roomId: room.id, limit: 1 });
      expect(history.messages.length).toBe(1);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      sqlite.pragma('max_page_count = 4294967294');
    }
    await client.message.send.mutate({ roomId: room.id, body: 'stored after', clientId: 'after-1' });
    const bodies = (await client.message.history.query({ roomId: room.id, limit: 100 })).messages.map((message) => message.body);
    expect(bodies).toContain('stored before');
    expect(bodies).toContain('stored after');
    await expectStillServes(server);
  });
});
