import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './proc.mjs';
import { repoRoot } from './deps.mjs';
import { nowMs, sleep } from './stats.mjs';

const mainJs = path.join(repoRoot, 'apps/server/dist/main.js');

/** servers still running, killed if the bench exits early (watchdog, crash) so none is left behind */
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Builds apps/server/dist/main.js from the current sources (esbuild, a few seconds). */
export function buildServer() {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'apps/server/build.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the server failed (node apps/server/build.mjs)');
}

/**
 * Starts the built server as its own process on a free port with `dataDir`, and waits for
 * /healthz. `cpuProfileDir` runs it under --cpu-prof (the profile is written on exit); `port` restarts
 * a server where its clients will look for it.
 */
export async function startConfab({ dataDir, jwtSecret, cpuProfileDir, timeoutMs = 30_000, port: fixedPort }) {
  const port = fixedPort ?? (await freePort());
  const args = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, mainJs] : [mainJs];
  if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });
  const startedAt = nowMs();
  const child = spawn(process.execPath, args, {
    // Every bench client connects from 127.0.0.x, where real clients come from many addresses:
    // the caps per address (connections, not-yet-signed-in sockets) would refuse the bench's own load.
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: jwtSecret,
      WS_MAX_UNAUTHENTICATED_PER_ADDRESS: '100000',
      MAX_CONNECTIONS_PER_ADDRESS: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  child.once('exit', () => running.delete(child));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was healthy`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (nowMs() - startedAt > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /healthz within ${timeoutMs} ms`);
    }
    await sleep(5);
  }
  const healthyAfterMs = nowMs() - startedAt;
  return {
    url,
    port,
    pid: child.pid,
    healthyAfterMs,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
