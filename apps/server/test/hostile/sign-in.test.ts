import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, type TrpcJson } from '../harness.js';
import { expectStillServes, password, postJson } from './helpers.js';

// Password guessing: a flood of wrong passwords must neither delay the owner's right one nor
// lock the owner out. Addresses come from X-Forwarded-For, trusted from the loopback "proxy".

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: '127.0.0.1' }, build: { limits: { registerPerIp: { max: 10_000, windowMs: 60_000 } } } });
});
afterAll(() => server.close());

// The flood goes through its own pool of 200 connections (as 250 attackers' machines would not
// share one), the owner through another, so the owner's request is not queued behind it here.
const floodPool = new Agent({ keepAlive: true, maxSockets: 200 });
afterAll(() => floodPool.destroy());

function login(email: string, pass: string, address: string, agent?: Agent) {
  return postJson(`${server.url}/trpc/auth.login`, { email, password: pass }, { 'x-forwarded-for': address }, agent);
}

describe('a flood of wrong passwords', () => {
  it('1,000 wrong sign-ins from 250 addresses: the excess is refused at once with Retry-After, and the owner signs in in under 1 s', async () => {
    const { user } = await server.signUp();
    // The owner has signed in from home before.
    expect((await login(user.email, password, '192.168.1.10')).status).toBe(200);

    const flood = Array.from({ length: 1000 }, (_, i) => login(user.email, `wrong guess ${i}`, `10.0.${i % 250}.1`, floodPool));
    const startedAt = Date.now();
    // Let the flood reach the server first, so the owner's sign-ins arrive behind it.
    await new Promise((resolve) => setImmediate(resolve));
    const fromHome = login(user.email, password, '192.168.1.10').then((response) => ({ status: response.status, ms: Date.now() - startedAt }));
    const responses = await Promise.all(flood);
    const owner = await fromHome;
    expect(owner.status).toBe(200);
    expect(owner.ms).toBeLessThan(1000);

    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    const refused = responses.filter((response) => response.status === 429);
    expect(refused.length).toBeGreaterThan(500);
    const sample = refused[0];
    expect(sample?.headers['retry-after']).toMatch(/^\d+$/);
    expect((JSON.parse(sample?.body ?? '{}') as TrpcJson).error?.message).toMatch(/Try again in \d+ seconds/);

    // A first sign-in from a new address also gets through once the flood has passed.
    expect((await login(user.email, password, '172.16.0.9')).status).toBe(200);
    await expectStillServes(server);
  });
});

describe('lockout', () => {
  it('ten wrong passwords from one address refuse that address for the account, not the owner elsewhere', async () => {
    const { user } = await server.signUp();
    for (let i = 0; i < 10; i++) expect((await login(user.email, `wrong ${i}`, '10.9.9.9')).status).toBe(401);
    const locked = await login(user.email, password, '10.9.9.9');
    expect(locked.status).toBe(429);
    expect((JSON.parse(locked.body) as TrpcJson).error?.message).toMatch(/this account from this address/);
    // Eleven more guesses from other addresses do not lock the owner out either.
    for (let i = 0; i < 11; i++) await login(user.email, `wrong ${i}`, `10.8.${i}.1`);
    expect((await login(user.email, password, '192.168.7.7')).status).toBe(200);
  });
});
