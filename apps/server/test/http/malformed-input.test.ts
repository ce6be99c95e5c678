import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, type TrpcJson } from '../harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const password = 'correct horse battery';

describe('malformed input', () => {
  async function post(path: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as TrpcJson };
  }

  it('missing fields and wrong types are BAD_REQUEST with a message naming the field', async () => {
    const missing = await post('auth.register', JSON.stringify({ email: 'x@example.com' }));
    expect(missing.status).toBe(400);
    expect(missing.body.error?.data.code).toBe('BAD_REQUEST');
    expect(missing.body.error?.message).toMatch(/name/);
    expect(missing.body.error?.message).toMatch(/password/);

    const wrongType = await post('auth.login', JSON.stringify({ email: 42, password: ['x'] }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error?.message).toMatch(/email/);

    const badEmail = await post('auth.register', JSON.stringify({ email: 'not-an-email', name: 'A', password }));
    expect(badEmail.body.error?.message).toMatch(/valid email/);

    const shortPassword = await post('auth.register', JSON.stringify({ email: 'short@example.com', name: 'A', password: 'short' }));
    expect(shortPassword.body.error?.message).toMatch(/at least 8/);

    const notJson = await post('auth.login', '{"email":');
    expect(notJson.status).toBe(400);
  });

  it('2 MB strings are refused without harm', async () => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    const response = await post('auth.register', JSON.stringify({ email: 'big@example.com', name: huge, password: huge }));
    expect(response.status).toBe(413);
    const justUnder = await post('auth.register', JSON.stringify({ email: 'big@example.com', name: 'x'.repeat(500_000), password }));
    expect(justUnder.status).toBe(400);
    expect(justUnder.body.error?.message).toMatch(/at most 80/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('bad, expired and alg:none tokens are simply signed out', async () => {
    const { token, user } = await server.signUp();
    const [header, payload] = token.split('.');
    const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { sub: string; sid: string };
    const forged = [
      'garbage',
      `${header}.${payload}.invalidsignature`,
      `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: user.id, sid: claims.sid })}.`,
      `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: user.id, sid: claims.sid })}`,
      `${header}.${base64url({ ...claims, exp: 1 })}.${token.split('.')[2]}`,
    ];
    for (const bad of forged) {
      const response = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${bad}` } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as TrpcJson).result?.data).toBeNull();
      const cookieResponse = await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie: `confab_session=${bad}` } });
      expect(((await cookieResponse.json()) as TrpcJson).result?.data).toBeNull();
    }
    expect(await server.client(token).auth.me.query()).not.toBeNull();
  });

  it('an unknown procedure is NOT_FOUND and an unknown route is a JSON 404', async () => {
    const unknown = await fetch(`${server.url}/trpc/auth.nothing`);
    expect(unknown.status).toBe(404);
    const route = await fetch(`${server.url}/api/nothing`);
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({ error: 'Not Found' });
  });
});
