import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type TestServer } from '../harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('the WebSocket upgrade', () => {
  async function upgrade(headers: Record<string, string>): Promise<number | 'open'> {
    return new Promise((resolve) => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/trpc`, { headers });
      socket.once('open', () => {
        socket.close();
        resolve('open');
      });
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('error', () => {});
    });
  }

  it('refuses a cookie from a foreign origin and accepts our own origin and bearer programs', async () => {
    const { token } = await server.signUp();
    const cookie = `confab_session=${token}`;
    expect(await upgrade({ cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade({ cookie })).toBe(403);
    expect(await upgrade({ cookie, origin: server.url })).toBe('open');
    expect(await upgrade({})).toBe('open');
  });
});
