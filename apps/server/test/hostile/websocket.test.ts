import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, waitFor, type TestServer } from '../harness.js';
import { expectStillServes, openSocket, registerRaw, type RawSocket } from './helpers.js';

// What one WebSocket may cost: frames, message rates, subscriptions, sockets per account and per
// address, and how long a socket may stay without signing in. Caps are set low here so that a
// handful of sockets shows each one; the defaults are in the README.

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startServer({
    env: {
      WS_MAX_MESSAGES_PER_FRAME: '20',
      WS_MAX_MESSAGES_PER_SECOND: '50',
      WS_MAX_SUBSCRIPTIONS: '5',
      WS_AUTH_TIMEOUT_SECONDS: '0.5',
      WS_MAX_UNAUTHENTICATED_PER_ADDRESS: '1000',
      WS_MAX_CONNECTIONS_PER_USER: '3',
    },
    build: { limits: { registerPerIp: { max: 10_000, windowMs: 60_000 } } },
  });
  ({ token } = await registerRaw(server));
});
afterAll(() => server.close());

const sockets: RawSocket[] = [];
async function signedInSocket(withToken = token): Promise<RawSocket> {
  const raw = await openSocket(server, '?connectionParams=1');
  sockets.push(raw);
  raw.send({ method: 'connectionParams', data: { token: withToken } });
  return raw;
}
async function closeAll() {
  const closing = sockets.splice(0);
  for (const raw of closing) raw.socket.close();
  await Promise.all(closing.map((raw) => raw.closed));
}

const query = (id: number) => ({ id, method: 'query', params: { path: 'auth.me', input: null } });
const subscribe = (id: number) => ({ id, method: 'subscription', params: { path: 'sync.onEvent', input: { lastEventId: null } } });
type Frame = { id: number; result?: { type: string }; error?: { message: string; data: { code: string } } };

describe('frames and message rates', () => {
  it('one frame of 500 queries closes the socket with 1008 before any is answered', async () => {
    const raw = await signedInSocket();
    raw.send(Array.from({ length: 500 }, (_, i) => query(i + 1)));
    const closed = await raw.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/at most 20/);
    expect(raw.frames.length).toBe(0);
    await closeAll();
    await expectStillServes(server);
  });

  it('a frame of 20 is answered; more than 50 messages in a second closes the socket with 1008', async () => {
    const raw = await signedInSocket();
    raw.send(Array.from({ length: 20 }, (_, i) => query(i + 1)));
    await waitFor(() => raw.frames.length === 20, 5_000, '20 answers');
    for (let frame = 0; frame < 3; frame++) raw.send(Array.from({ length: 20 }, (_, i) => query(100 + frame * 20 + i)));
    const closed = await raw.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/per second/);
    await closeAll();
    await expectStillServes(server);
  });
});

describe('subscriptions per socket', () => {
  it('past the cap a subscription is TOO_MANY_REQUESTS, the others and the socket live on, and a stopped one frees its place', async () => {
    const raw = await signedInSocket();
    raw.send(Array.from({ length: 8 }, (_, i) => subscribe(i + 1)));
    const frames = () => raw.frames as Frame[];
    await waitFor(
      () => frames().filter((f) => f.result?.type === 'started').length === 5 && frames().filter((f) => f.error).length === 3,
      5_000,
      '5 started, 3 refused',
    );
    const refused = frames().filter((f) => f.error);
    expect(refused.map((f) => f.id).sort()).toEqual([6, 7, 8]);
    expect(refused[0]?.error?.data.code).toBe('TOO_MANY_REQUESTS');
    expect(refused[0]?.error?.message).toMatch(/at most 5/);

    raw.send({ id: 1, method: 'subscription.stop' });
    raw.send(subscribe(9));
    await waitFor(() => frames().some((f) => f.id === 9 && f.result?.type === 'started'), 5_000, 'the new subscription to start');
    expect(raw.socket.readyState).toBe(raw.socket.OPEN);
    await closeAll();
    await expectStillServes(server);
  });
});

describe('sockets that do not sign in', () => {
  it('a socket with no params, one that never sends its params, and one with a bad token are closed with 4401 at the deadline', async () => {
    const signedIn = await signedInSocket();
    const bare = await openSocket(server);
    const silent = await openSocket(server, '?connectionParams=1');
    const forged = await openSocket(server, '?connectionParams=1');
    forged.send({ method: 'connectionParams', data: { token: 'not-a-token' } });
    for (const raw of [bare, silent, forged]) {
      const closed = await raw.closed;
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(/Sign in within/);
    }
    // Opened before them, so past its deadline too: the signed-in socket is still open and answers.
    expect(signedIn.socket.readyState).toBe(signedIn.socket.OPEN);
    signedIn.send(query(1));
    await waitFor(() => signedIn.frames.length === 1, 5_000, 'an answer');
    await closeAll();
  });

  it('more than 3 sockets waiting to sign in from one address: the next is refused with 1013', async () => {
    // A server of its own: no other client's sockets count against this address.
    const quiet = await startServer({ env: { WS_MAX_UNAUTHENTICATED_PER_ADDRESS: '3', WS_AUTH_TIMEOUT_SECONDS: '30' } });
    try {
      const waiting = await Promise.all([1, 2, 3].map(() => openSocket(quiet, '?connectionParams=1')));
      const extra = await openSocket(quiet, '?connectionParams=1');
      const refused = await extra.closed;
      expect(refused.code).toBe(1013);
      expect(refused.reason).toMatch(/have not signed in/);
      // One of them signs in: its place is free again.
      const { token: quietToken } = await registerRaw(quiet);
      waiting[0]?.send({ method: 'connectionParams', data: { token: quietToken } });
      waiting[0]?.send({ id: 1, method: 'query', params: { path: 'auth.me', input: null } });
      await waitFor(() => waiting[0]?.frames.length === 1, 5_000, 'the signed-in answer');
      const next = await openSocket(quiet, '?connectionParams=1');
      expect(next.socket.readyState).toBe(next.socket.OPEN);
      for (const raw of [...waiting, next]) raw.socket.close();
      await Promise.all([...waiting, next].map((raw) => raw.closed));
      await expectStillServes(quiet);
    } finally {
      await quiet.close();
    }
  });
});

describe('sockets per account', () => {
  it('a fourth socket for one account is closed with 1013; another account is unaffected', async () => {
    const mine = await Promise.all([1, 2, 3].map(() => signedInSocket()));
    for (const raw of mine) raw.send(query(1));
    await waitFor(() => mine.every((raw) => raw.frames.length === 1), 5_000, 'three answers');
    const fourth = await signedInSocket();
    const closed = await fourth.closed;
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/at most 3/);
    const other = await registerRaw(server);
    const theirs = await signedInSocket(other.token);
    theirs.send(query(1));
    await waitFor(() => theirs.frames.length === 1, 5_000, 'an answer for the other account');
    await closeAll();
    await expectStillServes(server);
  });
});
