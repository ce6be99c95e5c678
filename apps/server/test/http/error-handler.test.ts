import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness.js';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startServer();
  ({ token } = await server.signUp());
  // A real, unexpected failure: every request that needs the database now throws inside a route.
  server.app.confab.db.$client.close();
});
afterAll(() => server.close());

describe('the error handler', () => {
  it('answers an unexpected failure with a bland 500 that carries no detail', async () => {
    const response = await fetch(`${server.url}/uploads/an-upload-id-of-the-right-shape`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'Internal Server Error', message: 'Something went wrong on the server.' });
    expect(text).not.toMatch(/database|sqlite|stack|\.ts|node_modules/i);
    // Still a normal response of ours, with the headers every response carries.
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a tRPC call that fails inside answers INTERNAL_SERVER_ERROR with a bland message, not the database error', async () => {
    const response = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(500);
    const text = await response.text();
    const body = JSON.parse(text) as { error: { message: string; data: { code: string } } };
    expect(body.error.data.code).toBe('INTERNAL_SERVER_ERROR');
    expect(body.error.message).toMatch(/^Something went wrong on the server/);
    expect(text).not.toMatch(/database|sqlite|connection is not open|stack|\.ts|node_modules/i);
  });

  it('answers a refused request (4xx) with what to fix', async () => {
    const response = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toMatch(/^FST_ERR/);
    expect(body.message).toMatch(/JSON/i);
  });
});
