import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startServer, waitFor, type TestServer } from '../harness.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** One sample's value from a Prometheus text exposition, e.g. `confab_websocket_connections`. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('/metrics', () => {
  it('is not served unless METRICS or METRICS_PORT asks for it', async () => {
    server = await startServer();
    const response = await fetch(`${server.url}/metrics`);
    expect(await response.text()).not.toMatch(/confab_/);
  });

  it('with METRICS=true, counts sockets, live subscriptions, messages, the event log, requests and the database', async () => {
    server = await startServer({ env: { METRICS: 'true' } });
    const { client, token } = await server.signUp();
    const room = await client.room.create.mutate({ name: 'Metrics', visibility: 'public' });
    for (let i = 0; i < 3; i++) await client.send(room.id, `message ${i}`);
    const url = server.url;
    const scrape = async () => (await fetch(`${url}/metrics`)).text();
    const before = await scrape();
    const socketsBefore = sample(before, 'confab_websocket_connections') ?? -1;
    expect(sample(before, 'confab_live_subscriptions')).toBe(0);

    const watcher = server.client(token);
    const stream = watcher.events({});
    const text = await waitFor(
      async () => {
        const body = await scrape();
        return sample(body, 'confab_live_subscriptions') === 1 ? body : null;
      },
      10_000,
      'the live subscription to show in /metrics',
    );
    expect(sample(text, 'confab_websocket_connections')).toBe(socketsBefore + 1);
    expect(sample(text, 'confab_messages_sent_total')).toBe(3);
    expect(sample(text, 'confab_event_log_seq')).toBeGreaterThanOrEqual(4); // the room's member.joined and three messages
    expect(sample(text, 'confab_database_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^confab_http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/trpc\/:path",status="200"\} \d+$/m);

    stream.stop();
    await watcher.close();
    await waitFor(async () => sample(await scrape(), 'confab_websocket_connections') === socketsBefore, 10_000, 'the socket to close');
  });

  it('with METRICS_PORT, answers on its own port and not on the main one', async () => {
    const metricsPort = await freePort();
    server = await startServer({ env: { METRICS_PORT: String(metricsPort) } });
    const own = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await own.text()).toMatch(/^confab_websocket_connections 0$/m);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
    expect(await (await fetch(`${server.url}/metrics`)).text()).not.toMatch(/confab_/);

    await server.close();
    server = undefined;
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });
});

describe('security headers', () => {
  it('name the public origin in connect-src and send HSTS when it is https', async () => {
    server = await startServer({ env: { PUBLIC_ORIGIN: 'https://chat.example.com' } });
    const response = await fetch(`${server.url}/healthz`);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/connect-src 'self' wss:\/\/chat\.example\.com;/);
    expect(policy).not.toMatch(/ ws: | wss: /);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('send no HSTS over plain http', async () => {
    server = await startServer();
    const response = await fetch(`${server.url}/healthz`);
    expect(response.headers.get('content-security-policy')).toMatch(new RegExp(`connect-src 'self' ws://localhost:${server.port};`));
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});
