import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../harness.js';
import { runCli } from './helpers.js';

// A real full disk: a 400 KB tmpfs (an empty confab.db is about 250 KB; the uploads are 600 KB). Mounting needs root (CI runs as root); elsewhere this is skipped.
const work = mkdtempSync(path.join(tmpdir(), 'confab-full-'));
const disk = path.join(work, 'disk');
mkdirSync(disk);
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', disk], { stdio: 'ignore' });
  mounted = true;
} catch {
  mounted = false;
}

let dataDir = '';
beforeAll(async () => {
  if (!mounted) return;
  const server = await startServer();
  const { token } = await server.signUp();
  // More than the disk holds.
  for (let i = 0; i < 3; i++) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(randomBytes(200_000))]), `big-${i}.bin`);
    const response = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(201);
  }
  dataDir = server.dataDir;
  await server.close({ keepData: true });
});
afterAll(() => {
  if (mounted) execFileSync('umount', [disk]);
  rmSync(work, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!mounted)('a full disk', () => {
  it('stops a backup with a clear message and leaves nothing half-written', async () => {
    const result = await runCli(['backup', '--to', path.join(disk, 'backups')], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No space left on the device');
    expect(readdirSync(path.join(disk, 'backups'))).toEqual([]);
  });

  it('stops a restore with a clear message and leaves no DATA_DIR behind', async () => {
    const backup = await runCli(['backup', '--to', path.join(work, 'backups')], { DATA_DIR: dataDir });
    expect(backup.code, backup.stderr).toBe(0);
    const result = await runCli(['restore', '--from', backup.stdout.trim()], { DATA_DIR: path.join(disk, 'data') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No space left on the device');
    expect(readdirSync(disk).filter((name) => name !== 'backups')).toEqual([]);
  });
});
