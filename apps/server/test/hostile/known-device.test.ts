import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, type TrpcJson } from '../harness.js';
import { expectStillServes, password, postJson } from './helpers.js';

// "A successful sign-in from a known device is never blocked": a browser that signed in to the
// account before keeps a device mark (cookie confab_device, across sign-outs). With it the owner
// signs in at once through a flood of wrong passwords, even one sent from the owner's own address.

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: '127.0.0.1' }, build: { limits: { registerPerIp: { max: 10_000, windowMs: 60_000 } } } });
});
afterAll(() => server.close());

const floodPool = new Agent({ keepAlive: true, maxSockets: 200 });
afterAll(() => floodPool.destroy());

function login(email: string, pass: string, address: string, headers: Record<string, string> = {}, agent?: Agent) {
  return postJson(`${server.url}/trpc/auth.login`, { email, password: pass }, { 'x-forwarded-for': address, ...headers }, agent);
}

/** the confab_device cookie a sign-in answer sets, as a Cookie header */
function deviceCookie(headers: Record<string, string | string[] | undefined>): string {
  const set = [headers['set-cookie'] ?? []].flat().find((cookie) => cookie.startsWith('confab_device='));
  if (!set) throw new Error('no device cookie');
  expect(set).toMatch(/HttpOnly/i);
  expect(set).toMatch(/Path=\/trpc/);
  return set.split(';')[0] ?? '';
}

describe('a known device', () => {
  it('signs in at once through 300 wrong sign-ins, ten of them from its own address (which refuses that address)', async () => {
    const { user } = await server.signUp();
    const first = await login(user.email, password, '192.168.7.7');
    expect(first.status).toBe(200);
    const device = deviceCookie(first.headers);
    // A stranger on the owner's network guesses ten times: the address is refused for the account...
    for (let i = 0; i < 10; i++) expect((await login(user.email, `wrong ${i}`, '192.168.7.7')).status).toBe(401);
    const byAddress = await login(user.email, password, '192.168.7.7');
    expect(byAddress.status).toBe(429);

    const flood = Array.from({ length: 300 }, (_, i) => login(user.email, `guess ${i}`, `10.1.${i % 100}.1`, {}, floodPool));
    const startedAt = Date.now();
    await new Promise((resolve) => setImmediate(resolve));
    // ...but the owner's browser, from that same address, signs in during the flood.
    const owner = await login(user.email, password, '192.168.7.7', { cookie: device }).then((response) => ({
      ...response,
      ms: Date.now() - startedAt,
    }));
    await Promise.all(flood);
    expect(owner.status, owner.body).toBe(200);
    // it waits for at most the two checks running when it arrives (generous: the CI machine is shared)
    expect(owner.ms).toBeLessThan(10_000);
    await expectStillServes(server);
  }, 120_000);

  it("another account's mark, a forged one, or one with a wrong password counts for nothing more than its own failures", async () => {
    const ana = await server.signUp();
    const ben = await server.signUp();
    const anaDevice = deviceCookie((await login(ana.user.email, password, '192.168.8.1')).headers);
    for (let i = 0; i < 10; i++) await login(ben.user.email, `wrong ${i}`, '192.168.8.2');
    // Ana's mark does not unlock Ben's account at that address, and a forged mark is ignored.
    expect((await login(ben.user.email, password, '192.168.8.2', { cookie: anaDevice })).status).toBe(429);
    expect((await login(ben.user.email, password, '192.168.8.2', { cookie: 'confab_device=d1.AAAA.BBBB' })).status).toBe(429);
    // A device's own wrong passwords are counted per device: ten, then it is refused, saying so.
    for (let i = 0; i < 10; i++) expect((await login(ana.user.email, `wrong ${i}`, '192.168.8.3', { cookie: anaDevice })).status).toBe(401);
    const refused = await login(ana.user.email, password, '192.168.8.3', { cookie: anaDevice });
    expect(refused.status).toBe(429);
    expect((JSON.parse(refused.body) as TrpcJson).error?.message).toMatch(/from this device/);
    // Ana elsewhere, without the mark, is unaffected.
    expect((await login(ana.user.email, password, '192.168.8.4')).status).toBe(200);
  }, 120_000);
});
