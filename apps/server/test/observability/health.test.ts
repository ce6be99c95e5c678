import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('/healthz', () => {
  it('answers 200 with the version while the database answers, and 503 once it does not', async () => {
    server = await startServer();
    const healthy = await fetch(`${server.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });

    server.app.confab.db.$client.close();
    const unhealthy = await fetch(`${server.url}/healthz`);
    expect(unhealthy.status).toBe(503);
    expect(await unhealthy.json()).toEqual({ error: 'Service Unavailable', message: 'The database does not answer.' });
  });
});
