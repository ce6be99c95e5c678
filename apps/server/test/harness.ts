import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConfabClient, type ConfabClient } from '@confab/sdk';
import { buildApp, type App, type BuildOptions } from '../src/app.js';
import { loadConfig } from '../src/config.js';

/** The JSON envelope tRPC answers raw HTTP calls with. */
export interface TrpcJson<T = unknown> {
  result?: { data: T };
  error?: { message: string; data: { code: string; httpStatus: number } };
}

export const serverDir = fileURLToPath(new URL('..', import.meta.url));

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'confab-test-'));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  app: App;
  /** a client with no token (a program that has not signed in) */
  client(token?: string): ConfabClient;
  /** registers a fresh user and returns a client signed in with a bearer token */
  signUp(name?: string): Promise<{ client: ConfabClient; token: string; user: { id: string; email: string; name: string } }>;
  /** closes clients and the server; `keepData` leaves the data dir for a restart */
  close(options?: { keepData?: boolean }): Promise<void>;
}

let userCounter = 0;

/** Starts the real server in this process on a free port with its own SQLite file. */
export async function startServer(
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    build?: BuildOptions;
    /** listen on this port (a restart on the same address); a free one otherwise */ port?: number;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const port = options.port ?? (await freePort());
  // Sign-up is open unless a test says otherwise, so tests can make users freely; the team tests
  // (test/team/) start with the real default, invite-only.
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DEFAULT_SIGNUP_MODE: 'open',
    ...options.env,
  });
  const app = await buildApp(config, options.build);
  await app.listen({ port, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  const clients: ConfabClient[] = [];

  const client = (token?: string) => {
    const created = createConfabClient({ url, token });
    clients.push(created);
    return created;
  };

  return {
    url,
    port,
    dataDir,
    app,
    client,
    async signUp(name) {
      const n = ++userCounter;
      const email = `user${n}-${process.pid}@example.com`;
      const result = await client().auth.register.mutate({ email, name: name ?? `User ${n}`, password: 'correct horse battery', issueToken: true });
      if (!result.token) throw new Error('register did not issue a token');
      return { client: client(result.token), token: result.token, user: { id: result.user.id, email, name: result.user.name } };
    },
    async close(closeOptions = {}) {
      await Promise.all(clients.map((c) => c.close()));
      await app.close();
      if (!closeOptions.keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs the built server (dist/main.js) as a child process, for restart and crash tests. */
export async function spawnServer(
  dataDir: string,
  port?: number,
): Promise<{ url: string; port: number; process: ChildProcess; stop(signal?: NodeJS.Signals): Promise<number | null> }> {
  const chosenPort = port ?? (await freePort());
  const child = spawn(process.execPath, [path.join(serverDir, 'dist/main.js')], {
    env: { DEFAULT_SIGNUP_MODE: 'open', ...process.env, DATA_DIR: dataDir, PORT: String(chosenPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${chosenPort}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not become healthy in 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    port: chosenPort,
    process: child,
    stop(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}

/** Polls `check` until it returns a truthy value or the timeout passes. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
