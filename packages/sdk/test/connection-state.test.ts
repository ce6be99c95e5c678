import { rmSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { createConfabClient, TRPCClientError, type ConnectionState } from '@confab/sdk';
import { startServer, waitFor, type TestServer } from '../../../apps/server/test/harness.js';

const password = 'correct horse battery'; // what the harness's signUp() uses

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverForTest(options: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const server = await startServer(options);
  cleanups.push(() => server.close());
  return server;
}

it('a client goes live, then reconnecting while the server restarts, then live again on the same address', async () => {
  const first = await startServer();
  cleanups.push(() => rmSync(first.dataDir, { recursive: true, force: true }));
  const { token } = await first.signUp();
  const seen: ConnectionState[] = [];
  const client = createConfabClient({ url: first.url, token, onConnectionState: (state) => seen.push(state) });
  cleanups.push(() => client.close());
  const stream = client.events({});
  cleanups.push(() => stream.stop());
  await waitFor(() => client.connectionState === 'live', 15_000, 'the first connection');

  await first.close({ keepData: true });
  await waitFor(() => client.connectionState === 'reconnecting', 15_000, 'the client to notice the restart');

  const second = await serverForTest({ dataDir: first.dataDir, port: first.port });
  await waitFor(() => client.connectionState === 'live', 30_000, 'the client to reconnect');
  expect(seen).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  // The same token still works after the restart: the secret lives in the data dir.
  expect(await client.auth.me.query()).toMatchObject({ name: expect.any(String) });
  expect(second.port).toBe(first.port);
});

it('close() makes the client offline and listeners can unsubscribe', async () => {
  const server = await serverForTest();
  const { token } = await server.signUp();
  const client = createConfabClient({ url: server.url, token });
  const seen: ConnectionState[] = [];
  const stopListening = client.onConnectionState((state) => seen.push(state));
  const alsoSeen: ConnectionState[] = [];
  client.onConnectionState((state) => alsoSeen.push(state));
  client.events({});
  await waitFor(() => client.connectionState === 'live', 15_000, 'the connection');
  stopListening();
  await client.close();
  expect(client.connectionState).toBe('offline');
  expect(seen).toEqual(['connecting', 'live']);
  expect(alsoSeen).toEqual(['connecting', 'live', 'offline']);
});

it('a client that cannot reach a server stays connecting while a stream wants the socket, and close() still ends it', async () => {
  const server = await serverForTest();
  const url = server.url;
  await server.close();
  const client = createConfabClient({ url });
  const seen: ConnectionState[] = [];
  client.onConnectionState((state) => seen.push(state));
  client.events({});
  // Several failed attempts (the first retries come within a second or two), none of them live.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(client.connectionState).toBe('connecting');
  expect(seen).toEqual(['connecting']);
  await client.close();
  expect(client.connectionState).toBe('offline');
});

it('holds no socket until a subscription wants one, and lets it go a few seconds after the last one ends', async () => {
  const server = await serverForTest();
  const { token } = await server.signUp();
  const sockets = () => server.app.websocketServer.clients.size;
  const before = sockets();
  const client = createConfabClient({ url: server.url, token });
  cleanups.push(() => client.close());
  const seen: ConnectionState[] = [];
  client.onConnectionState((state) => seen.push(state));

  // Queries and mutations go over HTTP: no socket for them.
  expect(await client.auth.me.query()).toMatchObject({ name: expect.any(String) });
  await client.room.create.mutate({ name: 'No socket needed', visibility: 'private' });
  expect(client.connectionState).toBe('idle');
  expect(sockets()).toBe(before);

  let started = false;
  const stream = client.events({ onStarted: () => void (started = true) });
  await waitFor(() => started && client.connectionState === 'live', 15_000, 'the stream to start');
  expect(sockets()).toBe(before + 1);

  stream.stop();
  await waitFor(() => client.connectionState === 'idle' && sockets() === before, 15_000, 'the idle socket to close');
  expect(seen).toEqual(['connecting', 'live', 'idle']);

  // And a new stream opens a new socket.
  const again = client.events({});
  cleanups.push(() => again.stop());
  await waitFor(() => client.connectionState === 'live', 15_000, 'the second socket');
  expect(seen).toEqual(['connecting', 'live', 'idle', 'connecting', 'live']);
});

it('signIn() opens no socket, and the socket a subscription opens afterwards acts as the user', async () => {
  const server = await serverForTest();
  const { user } = await server.signUp('Ana');
  const client = createConfabClient({ url: server.url });
  cleanups.push(() => client.close());
  const seen: ConnectionState[] = [];
  client.onConnectionState((state) => seen.push(state));

  const signedIn = await client.signIn({ email: user.email, password });
  expect(signedIn.user.id).toBe(user.id);
  expect(signedIn.token.length).toBeGreaterThan(20);
  expect(client.connectionState).toBe('idle');

  // A subscription needs a signed-in socket: it starts instead of failing with UNAUTHORIZED.
  const errors: Error[] = [];
  let started = false;
  const stream = client.events({ onStarted: () => void (started = true), onError: (error) => void errors.push(error) });
  await waitFor(() => started || errors.length > 0, 15_000, 'the subscription');
  expect(errors).toEqual([]);
  expect(seen).toEqual(['connecting', 'live']);
  stream.stop();
});

it('signIn() with a wrong password throws UNAUTHORIZED and leaves the client as it was', async () => {
  const server = await serverForTest();
  const { user } = await server.signUp();
  const client = createConfabClient({ url: server.url });
  cleanups.push(() => client.close());
  const error = await client.signIn({ email: user.email, password: 'not the password' }).catch((caught: unknown) => caught);
  expect(error instanceof TRPCClientError ? error.data?.code : error).toBe('UNAUTHORIZED');
  expect(await client.auth.me.query()).toBeNull();
});

it('reconnect() reopens the socket with the credentials of now (connecting, then live), and an open stream resumes on it', async () => {
  const server = await serverForTest();
  const ana = await server.signUp('Ana');
  const bo = await server.signUp('Bo');
  // Like a browser whose session cookie changes under it: the credentials are read on every connect.
  let current = ana.token;
  const client = createConfabClient({ url: server.url, token: () => current });
  cleanups.push(() => client.close());
  expect(client.trpc.auth.me).toBeDefined();

  let starts = 0;
  const joined: string[] = [];
  const stream = client.events({ onStarted: () => void (starts += 1), on: { 'member.joined': ({ roomId }) => void joined.push(roomId) } });
  cleanups.push(() => stream.stop());
  await waitFor(() => starts === 1 && client.connectionState === 'live', 15_000, 'the stream on the first socket');
  const seen: ConnectionState[] = [];
  client.onConnectionState((state) => seen.push(state));

  current = bo.token;
  await client.reconnect();
  await waitFor(() => seen.at(-1) === 'live' && starts === 2, 15_000, 'the socket to reopen and the stream to restart on it');
  expect(seen).toEqual(['connecting', 'live']);
  expect(stream.isStopped).toBe(false);
  // The stream Ana's socket had opened now runs as Bo: a private room Bo creates reaches it.
  const room = await bo.client.room.create.mutate({ name: 'Bo only', visibility: 'private' });
  await waitFor(() => joined.includes(room.id), 15_000, "Bo's room on the reconnected socket");
});
