import { PassThrough } from 'node:stream';
import type WebSocket from 'ws';
import { startServer, type TestServer } from '../harness.js';

/** A server whose log (at trace, the chattiest level) is kept, to show no key or webhook secret reaches it. */
export async function startIntegrationServer(): Promise<{ server: TestServer; log: () => string }> {
  const lines: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  const server = await startServer({
    env: { LOG_LEVEL: 'trace', LOG_FORMAT: 'json', PUBLIC_ORIGIN: 'http://127.0.0.1' },
    build: { logStream, limits: { registerPerIp: { max: 10_000, windowMs: 60_000 }, sendsPerUser: { max: 10_000, windowMs: 1_000 } } },
  });
  return { server, log: () => lines.join('') };
}

export const closed = (socket: WebSocket) =>
  new Promise<{ code: number; at: number }>((resolve) => {
    if (socket.readyState === socket.CLOSED) resolve({ code: 0, at: Date.now() });
    socket.once('close', (code) => resolve({ code, at: Date.now() }));
  });
