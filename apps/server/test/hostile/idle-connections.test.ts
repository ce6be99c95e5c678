import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, waitFor, type TestServer } from '../harness.js';
import { expectStillServes, openSocket, registerRaw } from './helpers.js';

// Connections that hold a socket without finishing a request: closed by the server's timeouts,
// set short here (the defaults are 15 s for a header, 30 s for a /trpc body, 120 s for a request).

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startServer({
    env: {
      HEADERS_TIMEOUT_SECONDS: '0.4',
      TRPC_BODY_TIMEOUT_SECONDS: '0.6',
      REQUEST_TIMEOUT_SECONDS: '1.2',
      KEEP_ALIVE_TIMEOUT_SECONDS: '0.5',
      MAX_CONNECTIONS_PER_ADDRESS: '20',
      WS_AUTH_TIMEOUT_SECONDS: '10',
    },
    build: { limits: { registerPerIp: { max: 10_000, windowMs: 60_000 } } },
  });
  ({ token } = await registerRaw(server));
});
afterAll(() => server.close());

interface Raw {
  socket: Socket;
  received: string;
  closedAfterMs: Promise<number>;
}
function rawConnection(send?: string): Promise<Raw> {
  return new Promise((resolve) => {
    const openedAt = Date.now();
    const socket = connect(server.port, '127.0.0.1');
    const raw: Raw = {
      socket,
      received: '',
      closedAfterMs: new Promise((done) => socket.once('close', () => done(Date.now() - openedAt))),
    };
    socket.on('data', (chunk) => (raw.received += chunk.toString()));
    socket.on('error', () => {});
    socket.once('connect', () => {
      if (send) socket.write(send);
      resolve(raw);
    });
  });
}

describe('idle and half-sent connections', () => {
  it('a connection that never sends a byte, and one with half a header, are closed with 408', async () => {
    const silent = await rawConnection();
    const halfHeader = await rawConnection('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    for (const raw of [silent, halfHeader]) {
      expect(await raw.closedAfterMs).toBeLessThan(5_000);
      expect(raw.received).toMatch(/^HTTP\/1.1 408/);
    }
  });

  it('a /trpc JSON body trickled in is cut off at the body timeout, before the request timeout', async () => {
    const slow = await rawConnection(
      'POST /trpc/auth.login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"email":',
    );
    const trickle = setInterval(() => slow.socket.write(' '), 100);
    try {
      const after = await slow.closedAfterMs;
      expect(slow.received).toMatch(/^HTTP\/1.1 408/);
      expect(after).toBeLessThan(1_200);
    } finally {
      clearInterval(trickle);
    }
  });

  it('an upload trickled in is cut off at the request timeout', async () => {
    const slow = await rawConnection(
      `POST /api/uploads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=z\r\nContent-Length: 100000\r\n\r\n--z\r\n`,
    );
    const trickle = setInterval(() => slow.socket.write('a'), 100);
    try {
      expect(await slow.closedAfterMs).toBeLessThan(5_000);
      expect(slow.received).toMatch(/^HTTP\/1.1 408/);
    } finally {
      clearInterval(trickle);
    }
  });

  it('an idle keep-alive connection is closed after its timeout', async () => {
    const keptAlive = await rawConnection('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await keptAlive.closedAfterMs).toBeLessThan(5_000);
    expect(keptAlive.received).toMatch(/^HTTP\/1.1 200/);
  });

  it('a signed-in WebSocket outlives every one of those timeouts', async () => {
    const raw = await openSocket(server, '?connectionParams=1');
    raw.send({ method: 'connectionParams', data: { token } });
    // A request trickled in alongside is cut off at the request timeout, the longest of them all;
    // once it is, the socket has outlived every timeout and still answers.
    const trickled = await rawConnection(
      `POST /api/uploads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=z\r\nContent-Length: 100000\r\n\r\n--z\r\n`,
    );
    const trickle = setInterval(() => trickled.socket.write('a'), 100);
    await trickled.closedAfterMs.finally(() => clearInterval(trickle));
    expect(raw.socket.readyState).toBe(raw.socket.OPEN);
    raw.send({ id: 1, method: 'query', params: { path: 'auth.me', input: null } });
    await waitFor(() => raw.frames.length > 0, 5_000, 'an answer');
    raw.socket.close();
  });
});

describe('connections per address', () => {
  it('past 20 open connections from one address the next are dropped, and freed places are reused', async () => {
    const held = await Promise.all(Array.from({ length: 20 }, () => rawConnection()));
    const extra = await rawConnection();
    expect(await extra.closedAfterMs).toBeLessThan(1_000);
    expect(extra.received).toBe('');
    for (const raw of held) raw.socket.destroy();
    await Promise.all(held.map((raw) => raw.closedAfterMs));
    await expectStillServes(server);
  });
});
