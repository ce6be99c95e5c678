import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { serverDir, spawnServer, startServer, tempDataDir, type TrpcJson } from './harness.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const dataDir = tempDataDir();
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', dataDir, cookieSecure: false, publicOrigin: 'http://localhost:3000' });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it.each([
    ['PORT', 'abc', /PORT must be a number/],
    ['PORT', '70000', /PORT must be a port/],
    ['PUBLIC_ORIGIN', 'not a url', /PUBLIC_ORIGIN must be a URL/],
    ['JWT_SECRET', 'short', /JWT_SECRET must be at least 32 characters/],
    ['COOKIE_SECURE', 'maybe', /COOKIE_SECURE use true or false/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['UPLOAD_MAX_BYTES', '-5', /UPLOAD_MAX_BYTES must be above 0/],
  ])('an invalid %s (%s) is refused with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ DATA_DIR: tempDataDir(), [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: tempDataDir(), [name]: value })).toThrow(message);
  });

  it('a secure public origin turns on Secure cookies', () => {
    expect(loadConfig({ DATA_DIR: tempDataDir(), PUBLIC_ORIGIN: 'https://chat.example.com/' })).toMatchObject({
      cookieSecure: true,
      publicOrigin: 'https://chat.example.com',
    });
  });

  it('the server process stops at start-up with a one-line message', () => {
    const result = spawnSync(process.execPath, [path.join(serverDir, 'dist/main.js')], {
      env: { ...process.env, DATA_DIR: tempDataDir(), PORT: 'abc' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Invalid configuration: PORT must be a number');
  });
});

describe('restarts', () => {
  it('keep users, sessions and the generated secret (mode 0600)', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ dataDir });
    const { token, user } = await first.signUp('Keeper');
    const secretFile = path.join(dataDir, 'secret');
    const secret = readFileSync(secretFile, 'utf8');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    await first.close({ keepData: true });

    const second = await startServer({ dataDir });
    try {
      expect(readFileSync(secretFile, 'utf8')).toBe(secret);
      expect(await second.client(token).auth.me.query()).toMatchObject({ id: user.id, name: 'Keeper' });
      const login = await second.client().auth.login.mutate({ email: user.email, password: 'correct horse battery', issueToken: true });
      expect(login.user.id).toBe(user.id);
    } finally {
      await second.close();
    }
  });

  it('the built server shuts down cleanly on SIGTERM and serves again on the same data', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer(dataDir);
    const register = await fetch(`${first.url}/trpc/auth.register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'proc@example.com', name: 'Proc', password: 'correct horse battery', issueToken: true }),
    }).then((r) => r.json() as Promise<TrpcJson<{ token: string }>>);
    const token = register.result?.data.token ?? '';
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await spawnServer(dataDir);
    try {
      const me = (await fetch(`${second.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())) as TrpcJson;
      expect(me.result?.data).toMatchObject({ name: 'Proc' });
    } finally {
      await second.stop();
    }
  });
});

describe('the web client route', () => {
  it('serves the SPA for page paths and JSON 404s for API paths', async () => {
    const server = await startServer();
    try {
      const page = await fetch(`${server.url}/rooms/some-room`);
      expect(page.headers.get('content-type')).toMatch(/text\/(html|plain)/);
      const api = await fetch(`${server.url}/api/missing`);
      expect(api.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
