import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, serverDir } from '../harness.js';

export const cliPath = path.join(serverDir, 'dist/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function requireBuild() {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: build first (npx -y pnpm@10.34.9 --filter @confab/server build)`);
}

/** Runs `confab <args>` (the built dist/cli.js) as its own process, the way a person would; `stdin` is piped in. */
export function runCli(args: string[], env: Record<string, string>, options: { node?: string; stdin?: string } = {}): Promise<CliRun> {
  requireBuild();
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, [cliPath, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(options.stdin ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `confab start` on `dataDir` as a process; resolves once /healthz answers. */
export async function startCliServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ url: string; process: ChildProcess; stop(): Promise<number | null> }> {
  requireBuild();
  const port = await freePort();
  const child = spawn(process.execPath, [cliPath, 'start'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`confab start exited with ${child.exitCode}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) throw new Error('confab start did not become healthy in 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

export interface ManifestJson {
  version: string;
  snapshot: { seq: number; maxMessageId: number };
  schema: { migrations: number; latestTag: string | null };
  counts: Record<'users' | 'rooms' | 'messages' | 'uploads' | 'events', number>;
  files: { path: string; size: number; sha256: string }[];
}

export function readManifest(backupDir: string): ManifestJson {
  return JSON.parse(readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as ManifestJson;
}
