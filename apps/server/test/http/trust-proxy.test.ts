import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseTrustProxy } from '../../src/http/trust-proxy.js';
import { startServer, type TestServer, type TrpcJson } from '../harness.js';

describe('TRUST_PROXY', () => {
  it('parses off, a hop count and addresses or ranges, and says what is wrong otherwise', () => {
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('127.0.0.1, ::1')).toEqual(['127.0.0.1', '::1']);
    expect(parseTrustProxy('10.0.0.0/8,fd00::/8,loopback')).toEqual(['10.0.0.0/8', 'fd00::/8', 'loopback']);
    expect(parseTrustProxy('true')).toMatch(/must name the proxy/);
    expect(parseTrustProxy('11')).toMatch(/at most 10/);
    expect(parseTrustProxy('10.0.0.0/33')).toMatch(/"10.0.0.0\/33"/);
    expect(parseTrustProxy('proxy.example.com')).toMatch(/not an IP address/);
  });
});

/** Three failed sign-ins per address a minute, and plenty per account, so only the address limit bites. */
const limits = { loginPerIp: { max: 3, windowMs: 60_000 }, loginPerAccount: { max: 1000, windowMs: 60_000 } };
const wrongPassword = { email: 'nobody@example.com', password: 'not the password' };

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(trustProxy?: string): Promise<TestServer> {
  server = await startServer({ env: trustProxy ? { TRUST_PROXY: trustProxy } : {}, build: { limits } });
  return server;
}

/** A failed sign-in over HTTP claiming to come from `forwardedFor`; the tRPC error code it got. */
async function signInOverHttp(url: string, forwardedFor: string): Promise<string | undefined> {
  const response = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify(wrongPassword),
  });
  return ((await response.json()) as TrpcJson).error?.data.code;
}

/** The same over a WebSocket whose upgrade carried `forwardedFor` (tRPC's ws protocol allows mutations). */
async function signInOverWebSocket(url: string, forwardedFor: string): Promise<string | undefined> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/trpc`, { headers: { 'x-forwarded-for': forwardedFor } });
  try {
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const answer = new Promise<TrpcJson>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '{}') as TrpcJson)),
    );
    socket.send(JSON.stringify({ id: 1, method: 'mutation', params: { path: 'auth.login', input: wrongPassword } }));
    return (await answer).error?.data.code;
  } finally {
    socket.close();
  }
}

describe.each([
  ['HTTP', signInOverHttp],
  ['a WebSocket', signInOverWebSocket],
])('per-address sign-in limits over %s', (_transport, signIn) => {
  it('apply per real client behind a trusted proxy', async () => {
    const { url } = await start('127.0.0.1,::1');
    for (let attempt = 0; attempt < 3; attempt++) expect(await signIn(url, '203.0.113.1')).toBe('UNAUTHORIZED');
    expect(await signIn(url, '203.0.113.1')).toBe('TOO_MANY_REQUESTS');
    // Another person behind the same proxy is not locked out by the first one's attempts.
    expect(await signIn(url, '203.0.113.2')).toBe('UNAUTHORIZED');
    // Only the entry the trusted proxy appended counts, not what the client claimed before it.
    expect(await signIn(url, '203.0.113.1, 203.0.113.3')).toBe('UNAUTHORIZED');
  });

  it('ignore X-Forwarded-For when TRUST_PROXY is unset', async () => {
    const { url } = await start();
    for (let attempt = 0; attempt < 3; attempt++) expect(await signIn(url, `198.51.100.${attempt}`)).toBe('UNAUTHORIZED');
    // A new claimed address each time does not escape the limit: the peer is what counts.
    expect(await signIn(url, '198.51.100.99')).toBe('TOO_MANY_REQUESTS');
  });

  it('ignore X-Forwarded-For from a peer that is not the trusted proxy', async () => {
    const { url } = await start('10.9.9.9');
    for (let attempt = 0; attempt < 3; attempt++) expect(await signIn(url, `198.51.100.${attempt}`)).toBe('UNAUTHORIZED');
    expect(await signIn(url, '198.51.100.99')).toBe('TOO_MANY_REQUESTS');
  });
});

describe('a hop count', () => {
  it('takes the address the nearest proxy appended', async () => {
    const { url } = await start('1');
    for (let attempt = 0; attempt < 3; attempt++) expect(await signInOverHttp(url, `spoofed, 192.0.2.1`)).toBe('UNAUTHORIZED');
    expect(await signInOverHttp(url, 'another spoof, 192.0.2.1')).toBe('TOO_MANY_REQUESTS');
    expect(await signInOverHttp(url, 'spoofed, 192.0.2.2')).toBe('UNAUTHORIZED');
  });
});
