import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '@confab/db';
import { startServer, type TestServer } from '../harness.js';
import { readManifest, runCli } from './helpers.js';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'confab-restore-'));
  temps.push(dir);
  return dir;
}

/** A copy of `backupDir` that the test may damage. */
function copyOf(backupDir: string): string {
  const target = path.join(tempDir(), 'backup');
  execFileSync('cp', ['-a', backupDir, target]);
  return target;
}

function rewriteManifest(backupDir: string, change: (manifest: ReturnType<typeof readManifest>) => void) {
  const manifest = readManifest(backupDir);
  change(manifest);
  writeFileSync(path.join(backupDir, 'manifest.json'), JSON.stringify(manifest));
}

let backupDir = '';
let uploadPath = '';

beforeAll(async () => {
  const server = await startServer();
  const { token } = await server.signUp();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(Buffer.from('some bytes to keep'))]), 'notes.bin');
  const response = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(201);
  const result = await runCli(['backup', '--to', tempDir()], { DATA_DIR: server.dataDir });
  await server.close();
  expect(result.code, result.stderr).toBe(0);
  backupDir = result.stdout.trim();
  uploadPath = readManifest(backupDir).files.find((file) => file.path.startsWith('uploads/'))?.path ?? '';
  expect(uploadPath).not.toBe('');
});
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('confab restore refuses what it must not do', () => {
  it('refuses a DATA_DIR that is not empty unless --force, which moves the old contents aside', async () => {
    const parent = tempDir();
    const dataDir = path.join(parent, 'data');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'confab.db'), 'the data someone still wants');

    const refused = await runCli(['restore', '--from', backupDir], { DATA_DIR: dataDir });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('is not empty');
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(path.join(dataDir, 'confab.db'), 'utf8')).toBe('the data someone still wants');

    const forced = await runCli(['restore', '--from', backupDir, '--force'], { DATA_DIR: dataDir });
    expect(forced.code, forced.stderr).toBe(0);
    const aside = readdirSync(parent).find((name) => name.startsWith('data.before-restore-'));
    expect(aside).toBeDefined();
    expect(readFileSync(path.join(parent, aside ?? '', 'confab.db'), 'utf8')).toBe('the data someone still wants');
    expect(readFileSync(path.join(dataDir, uploadPath))).toEqual(readFileSync(path.join(backupDir, uploadPath)));
    expect(readdirSync(parent).sort()).toEqual(['data', aside].sort());
  });

  it('refuses the DATA_DIR of a running server, even with --force', async () => {
    const server: TestServer = await startServer();
    temps.push(server.dataDir);
    try {
      const result = await runCli(['restore', '--from', backupDir, '--force'], { DATA_DIR: server.dataDir });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`A Confab server (pid ${process.pid}`);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(readdirSync(path.dirname(server.dataDir)).filter((name) => name.includes(path.basename(server.dataDir) + '.'))).toEqual([]);
    } finally {
      await server.close({ keepData: true });
    }
    // Stopped, the same folder can be restored into.
    const after = await runCli(['restore', '--from', backupDir, '--force'], { DATA_DIR: server.dataDir });
    expect(after.code, after.stderr).toBe(0);
  });

  it('a file that does not match its checksum stops the restore and leaves no DATA_DIR behind', async () => {
    const damaged = copyOf(backupDir);
    writeFileSync(path.join(damaged, uploadPath), 'some bytes to keeP');
    const parent = tempDir();
    const result = await runCli(['restore', '--from', damaged], { DATA_DIR: path.join(parent, 'data') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${uploadPath} does not match its checksum`);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('a database that fails PRAGMA integrity_check is refused even when its checksum was rewritten', async () => {
    const damaged = copyOf(backupDir);
    const db = path.join(damaged, 'confab.db');
    // One letter of the e-mail in the user_email_unique index changes: every page stays well formed,
    // but the index no longer matches its table, which only PRAGMA integrity_check notices.
    const sqlite = openSqlite(db, { readonly: true });
    const rootPage = Number(sqlite.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'user_email_unique'").pluck().get());
    sqlite.close();
    const bytes = readFileSync(db);
    const pageSize = bytes.readUInt16BE(16);
    const at = bytes.indexOf('@example.com', (rootPage - 1) * pageSize);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(rootPage * pageSize);
    bytes[at + 1] = 'f'.charCodeAt(0);
    writeFileSync(db, bytes);
    rewriteManifest(damaged, (manifest) => {
      const entry = manifest.files.find((file) => file.path === 'confab.db');
      if (entry) entry.sha256 = createHash('sha256').update(bytes).digest('hex');
    });
    const parent = tempDir();
    const result = await runCli(['restore', '--from', damaged], { DATA_DIR: path.join(parent, 'data') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('fails PRAGMA integrity_check');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('a wrong --from is a clear error: missing, not a folder, not a backup, a missing file', async () => {
    const parent = tempDir();
    const env = { DATA_DIR: path.join(parent, 'data') };
    const missing = await runCli(['restore', '--from', path.join(parent, 'nope')], env);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('the folder does not exist')]);
    writeFileSync(path.join(parent, 'file'), 'x');
    const file = await runCli(['restore', '--from', path.join(parent, 'file')], env);
    expect([file.code, file.stderr]).toEqual([1, expect.stringContaining('is not a folder')]);
    mkdirSync(path.join(parent, 'empty'));
    const empty = await runCli(['restore', '--from', path.join(parent, 'empty')], env);
    expect([empty.code, empty.stderr]).toEqual([1, expect.stringContaining('has no manifest.json')]);
    const incomplete = copyOf(backupDir);
    rmSync(path.join(incomplete, uploadPath));
    const partial = await runCli(['restore', '--from', incomplete], env);
    expect([partial.code, partial.stderr]).toEqual([1, expect.stringContaining(`${uploadPath} is missing`)]);
    const escaping = copyOf(backupDir);
    rewriteManifest(escaping, (manifest) => manifest.files.push({ path: '../../etc/passwd', size: 1, sha256: 'a'.repeat(64) }));
    const climbing = await runCli(['restore', '--from', escaping], env);
    expect([climbing.code, climbing.stderr]).toEqual([1, expect.stringContaining('not a Confab backup manifest')]);
    expect(readdirSync(parent).sort()).toEqual(['empty', 'file']);
    expect(existsSync(env.DATA_DIR)).toBe(false);
  });

  it('a backup from a newer schema is refused with the version that can restore it', async () => {
    const newer = copyOf(backupDir);
    rewriteManifest(newer, (manifest) => {
      manifest.version = '9.9.9';
      Object.assign(manifest.schema, { latestTag: '0099_future', latestAt: Date.now() + 10 * 365 * 24 * 3600 * 1000 });
    });
    const result = await runCli(['restore', '--from', newer], { DATA_DIR: path.join(tempDir(), 'data') });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Confab 9.9.9 or later');
  });
});
