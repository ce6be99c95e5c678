import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/auth/session-cookie.js';
import { startServer, type TestServer, type TrpcJson } from '../harness.js';
import { expectStillServes, registerRaw } from './helpers.js';

// Where credentials may come from, and where they are kept.

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startServer();
  ({ token } = await registerRaw(server));
});
afterAll(() => server.close());

describe('tokens in URLs', () => {
  it('a token in ?connectionParams= on plain HTTP signs nobody in', async () => {
    const params = encodeURIComponent(JSON.stringify({ token }));
    const response = await fetch(`${server.url}/trpc/auth.me?connectionParams=${params}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as TrpcJson).result?.data).toBeNull();
    const viaBearer = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await viaBearer.json()) as TrpcJson<{ id: string }>).result?.data?.id).toBeTruthy();
  });
});

describe('uploads signed in by cookie', () => {
  const upload = (headers: Record<string, string>) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3, 4])]), 'bytes.bin');
    return fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: { cookie: `${SESSION_COOKIE}=${token}`, ...headers } });
  };

  it('from a foreign origin, or with no Origin, are refused with 403; from our own page they are stored', async () => {
    const foreign = await upload({ origin: 'http://evil.localhost:3000' });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { message: string }).message).toMatch(/Origin not allowed/);
    expect((await upload({})).status).toBe(403);
    expect((await upload({ origin: server.url })).status).toBe(201);
    await expectStillServes(server);
  });
});

describe('files in DATA_DIR', () => {
  it('confab.db and its WAL are readable by the server user only (0600), like secret', () => {
    for (const file of ['confab.db', 'confab.db-wal', 'secret']) {
      expect((statSync(path.join(server.dataDir, file)).mode & 0o777).toString(8), file).toBe('600');
    }
  });
});
