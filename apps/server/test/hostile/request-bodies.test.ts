import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, type TrpcJson } from '../harness.js';
import { expectStillServes, peakRssGrowth, postLargeBody } from './helpers.js';

// Request bodies on /trpc: whatever the content type, nothing past Fastify's 1 MB is read.

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ build: { limits: { registerPerIp: { max: 10_000, windowMs: 60_000 } } } });
});
afterAll(() => server.close());

const MB = 1024 * 1024;

describe('request bodies on /trpc', () => {
  it('a 100 MB multipart body to auth.login is refused with 415 before it is read, and memory stays flat', async () => {
    let answer = { status: 0, body: '', written: 0 };
    const growth = await peakRssGrowth(async () => {
      answer = await postLargeBody(
        `${server.url}/trpc/auth.login`,
        { 'content-type': 'multipart/form-data; boundary=z' },
        '--z\r\nContent-Disposition: form-data; name="email"\r\n\r\n',
        100 * MB,
      );
    });
    expect(answer.status).toBe(415);
    expect((JSON.parse(answer.body) as TrpcJson).error?.data.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // The answer came long before the body was through.
    expect(answer.written).toBeLessThan(50 * MB);
    expect(growth).toBeLessThan(60 * MB);
    await expectStillServes(server);
  });

  it('octet-stream, form-urlencoded and text bodies are 415 as well', async () => {
    for (const type of ['application/octet-stream', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/mixed; boundary=q']) {
      const response = await fetch(`${server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: 'email=a&password=b',
      });
      expect(response.status, type).toBe(415);
      expect(((await response.json()) as TrpcJson).error?.message).toMatch(/application\/json/);
    }
  });

  it('a JSON body over 1 MB is PAYLOAD_TOO_LARGE, whatever its charset parameter', async () => {
    const huge = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(2 * MB) });
    const response = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: huge,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as TrpcJson).error?.data.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a form post to auth.logout does not sign anyone out', async () => {
    const { token, client } = await server.signUp();
    const form = new FormData();
    form.set('x', '1');
    const response = await fetch(`${server.url}/trpc/auth.logout`, { method: 'POST', headers: { cookie: `confab_session=${token}` }, body: form });
    expect(response.status).toBe(415);
    const urlEncoded = await fetch(`${server.url}/trpc/auth.logout`, {
      method: 'POST',
      headers: { cookie: `confab_session=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    expect(urlEncoded.status).toBe(415);
    expect(await client.auth.me.query()).not.toBeNull();
  });
});

describe('batches', () => {
  it('a batch of more than 20 calls is BAD_REQUEST with how to fix it; 20 are fine', async () => {
    const { token } = await server.signUp();
    const batch = (n: number) =>
      fetch(`${server.url}/trpc/${Array.from({ length: n }, () => 'auth.me').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    const tooMany = await batch(150);
    expect(tooMany.status).toBe(400);
    const body = (await tooMany.json()) as TrpcJson;
    expect(body.error?.data.code).toBe('BAD_REQUEST');
    expect(body.error?.message).toMatch(/at most 20 calls/);
    const ok = await batch(20);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as unknown[]).length).toBe(20);
    await expectStillServes(server);
  });
});

describe('subscriptions over HTTP', () => {
  it('GET /trpc/sync.onEvent is refused: no event stream leaves the server outside the WebSocket', async () => {
    const { token } = await server.signUp();
    const variants: Record<string, string>[] = [
      { authorization: `Bearer ${token}` },
      { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    ];
    for (const headers of variants) {
      const response = await fetch(`${server.url}/trpc/sync.onEvent?input=${encodeURIComponent('{}')}`, { headers });
      expect(response.status).toBe(405);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(((await response.json()) as TrpcJson).error?.data.code).toBe('METHOD_NOT_SUPPORTED');
    }
    const typing = await fetch(`${server.url}/trpc/typing.onChange?input=${encodeURIComponent('{}')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(typing.status).toBe(405);
  });
});
