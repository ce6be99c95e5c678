import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { pngImage } from '../fixtures/images.js';
import { freePort, serverDir } from '../harness.js';

const repoRoot = path.resolve(serverDir, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'confab-release-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The tarball CI built (CONFAB_RELEASE_TARBALL), or a fresh one for this Node from the current build. */
function releaseTarball(): string {
  const given = process.env.CONFAB_RELEASE_TARBALL;
  if (given) return path.resolve(given);
  const out = path.join(work, 'out');
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/release.mjs'), '--skip-build', '--node', 'current', '--out', out], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [file] = readdirSync(out).filter((name) => name.endsWith('-linux-x64.tar.gz'));
  if (!file) throw new Error('the release script wrote no tarball');
  return path.join(out, file);
}

/** A PATH with `node` and nothing else: no pnpm, no npm, no compiler, no tar. */
function nodeOnlyPath(): string {
  const dir = path.join(work, 'path');
  mkdirSync(dir);
  symlinkSync(process.execPath, path.join(dir, 'node'));
  return dir;
}

async function trpc<T>(url: string, procedure: string, input: unknown, token?: string): Promise<T> {
  const response = await fetch(`${url}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const json = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!json.result) throw new Error(`${procedure} failed: ${json.error?.message ?? response.status}`);
  return json.result.data;
}

describe('the release', () => {
  it(`extracted outside the repo, runs on plain node ${process.version}: sign-up, a message, an image upload, a backup`, async () => {
    const tarball = releaseTarball();
    const target = path.join(work, 'installed');
    mkdirSync(target);
    execFileSync('tar', ['xzf', tarball, '-C', target]);
    const [folder] = readdirSync(target);
    const home = path.join(target, folder ?? '');
    const env = { PATH: nodeOnlyPath(), HOME: work, LOG_LEVEL: 'warn' };
    const launcher = path.join(home, 'bin', 'confab');

    const port = await freePort();
    const server = spawn(launcher, ['start'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'inherit', 'inherit'] });
    const url = `http://127.0.0.1:${port}`;
    try {
      for (const deadline = Date.now() + 20_000; ;) {
        if (server.exitCode !== null) throw new Error(`bin/confab start exited with ${server.exitCode}`);
        if (
          await fetch(`${url}/healthz`).then(
            (response) => response.ok,
            () => false,
          )
        )
          break;
        if (Date.now() > deadline) throw new Error('the release did not become healthy in 20 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');

      const { token, user } = await trpc<{ token: string; user: { id: string } }>(url, 'auth.register', {
        email: 'first@example.com',
        name: 'First',
        password: 'correct horse battery',
        issueToken: true,
      });
      const room = await trpc<{ id: string }>(url, 'room.create', { name: 'release', visibility: 'private' }, token);
      const png = await pngImage(120, 90);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'photo.png');
      const uploaded = await fetch(`${url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
      expect(uploaded.status).toBe(201);
      const file = (await uploaded.json()) as { id: string; width: number; previewUrl: string };
      expect(file.width).toBe(120);
      const sent = await trpc<{ body: string; author: { id: string }; attachments: { id: string }[] }>(
        url,
        'message.send',
        { roomId: room.id, body: 'hello from the release', clientId: randomUUID(), attachmentIds: [file.id] },
        token,
      );
      expect([sent.body, sent.author.id, sent.attachments.map((a) => a.id)]).toEqual(['hello from the release', user.id, [file.id]]);
      const preview = await fetch(`${url}${file.previewUrl}`, { headers: { authorization: `Bearer ${token}` } });
      expect([preview.status, preview.headers.get('content-type')]).toEqual([200, 'image/webp']);

      // The launcher's other commands, against the release's own default DATA_DIR.
      const backup = execFileSync(launcher, ['backup', '--to', path.join(work, 'backups')], { env, encoding: 'utf8' });
      expect(readdirSync(backup.trim())).toEqual(expect.arrayContaining(['confab.db', 'manifest.json', 'secret', 'uploads']));
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
    }
    expect(server.exitCode).toBe(0);
  });
});
