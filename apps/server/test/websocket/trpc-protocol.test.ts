import { randomUUID } from 'node:crypto';
import type { AppRouter, SyncEvent } from '@confab/api';
import { createTRPCClient, createWSClient, TRPCClientError, wsLink } from '@trpc/client';
import { transformTRPCResponse } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor, type TestServer } from '../harness.js';
import { rawSubscriber, startChatServer } from '../chat/helpers.js';

// Confab serves tRPC's WebSocket protocol with its own handler (src/websocket/trpc-socket.ts):
// these tests hold it to the upstream client, everything over the socket, and to the frames
// tRPC's own adapter writes.

function upstreamClient(server: TestServer, token: string) {
  const wsClient = createWSClient({
    url: `${server.url.replace('http', 'ws')}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => ({ token }),
    retryDelayMs: () => 50,
  });
  return { trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] }), close: () => wsClient.close() };
}

function follow(client: ReturnType<typeof upstreamClient>['trpc'], lastEventId: string | null) {
  const events: { id: string; event: SyncEvent }[] = [];
  const errors: unknown[] = [];
  let started = false;
  const subscription = client.sync.onEvent.subscribe(
    { lastEventId },
    {
      onStarted: () => (started = true),
      onData: ({ id, data }) => events.push({ id, event: data }),
      onError: (error) => errors.push(error),
    },
  );
  return { events, errors, isStarted: () => started, stop: () => subscription.unsubscribe() };
}

const bodies = (events: { event: SyncEvent }[]) => events.flatMap(({ event }) => (event.type === 'message.created' ? [event.message.body] : []));

async function rejection(promise: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  const error = await promise.then(
    () => null,
    (cause: unknown) => cause,
  );
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a TRPCClientError, got ${String(error)}`);
  return error as TRPCClientError<AppRouter>;
}

describe("Confab's WebSocket handler speaks tRPC's protocol", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startChatServer();
  });
  afterAll(() => server.close());

  it('upstream wsLink: queries, mutations and a tracked subscription over the socket; a stopped stream resumes from its lastEventId with exactly what it missed', async () => {
    const ana = await server.signUp('Ana');
    const ben = await server.signUp('Ben');
    const anaWs = upstreamClient(server, ana.token);
    const benWs = upstreamClient(server, ben.token);
    try {
      expect((await anaWs.trpc.auth.me.query())?.id).toBe(ana.user.id);
      const room = await benWs.trpc.room.create.mutate({ name: 'Over the socket', visibility: 'private', memberIds: [ana.user.id] });
      const first = follow(anaWs.trpc, null);
      await waitFor(() => first.isStarted(), 10_000, 'the subscription to start');
      await benWs.trpc.message.send.mutate({ roomId: room.id, body: 'one', clientId: randomUUID() });
      await waitFor(() => bodies(first.events).includes('one'), 10_000, '"one" live');
      const last = first.events.at(-1);
      if (!last) throw new Error('no event');
      expect(last.id).toBe(String(last.event.seq));
      first.stop();
      const bus = server.app.confab.api.services.bus;
      await waitFor(() => bus.subscriberCount() === 0, 5_000, 'the stopped stream to leave the bus');

      for (const body of ['two', 'three']) await benWs.trpc.message.send.mutate({ roomId: room.id, body, clientId: randomUUID() });
      const resumed = follow(anaWs.trpc, last.id);
      await waitFor(() => bodies(resumed.events).length >= 2, 10_000, 'the two missed messages');
      await benWs.trpc.message.send.mutate({ roomId: room.id, body: 'four', clientId: randomUUID() });
      await waitFor(() => bodies(resumed.events).includes('four'), 10_000, '"four" live after the replay');
      expect(bodies(resumed.events)).toEqual(['two', 'three', 'four']);
      const seqs = resumed.events.map(({ event }) => event.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(resumed.errors).toEqual([]);
      resumed.stop();
    } finally {
      await Promise.all([anaWs.close(), benWs.close()]);
    }
  });

  it('errors arrive in tRPC’s shape: a bad input, a missing procedure, a refused subscription, no user', async () => {
    const ana = await server.signUp('Ana');
    const anaWs = upstreamClient(server, ana.token);
    const nobody = upstreamClient(server, 'not-a-token');
    try {
      const badInput = await rejection(anaWs.trpc.room.create.mutate({ name: '', visibility: 'private' }));
      expect(badInput.data?.code).toBe('BAD_REQUEST');
      const missing = await rejection((anaWs.trpc as unknown as { no: { such: { query(): Promise<unknown> } } }).no.such.query());
      expect(missing.data?.code).toBe('NOT_FOUND');
      expect(missing.message).toMatch(/No "query"-procedure on path "no.such"/);
      const refused = follow(anaWs.trpc, 'not-a-seq');
      await waitFor(() => refused.errors.length > 0, 10_000, 'the refusal');
      expect((refused.errors[0] as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
      expect((refused.errors[0] as TRPCClientError<AppRouter>).message).toMatch(/lastEventId must be an id this stream sent/);
      const unauthorised = await rejection(nobody.trpc.room.list.query());
      expect(unauthorised.data?.code).toBe('UNAUTHORIZED');
    } finally {
      await Promise.all([anaWs.close(), nobody.close()]);
    }
  });

  it('a data frame is byte for byte what tRPC writes, and subscribers with the same request id share it', async () => {
    const ana = await server.signUp('Ana');
    const ben = await server.signUp('Ben');
    const room = await ben.client.room.create.mutate({ name: 'Frames', visibility: 'private', memberIds: [ana.user.id] });
    const sockets = [await rawSubscriber(server, ana.token), await rawSubscriber(server, ben.token)];
    const frames = sockets.map((socket) => {
      const seen: string[] = [];
      socket.on('message', (data: Buffer) => seen.push(data.toString()));
      return seen;
    });
    await ben.client.message.send.mutate({ roomId: room.id, body: 'framed', clientId: randomUUID() });
    const [anaFrame, benFrame] = await Promise.all(
      frames.map((seen) => waitFor(() => seen.find((frame) => frame.includes('"framed"')), 10_000, 'the frame')),
    );
    for (const socket of sockets) socket.close();
    expect(anaFrame).toBe(benFrame);
    const parsed = JSON.parse(anaFrame ?? '') as { id: number; result: { id: string; data: { id: string; data: SyncEvent } } };
    const { id, data } = parsed.result.data;
    const upstream = transformTRPCResponse(server.app.confab.api.router._def._config, { id: 1, result: { type: 'data', id, data: { id, data } } });
    expect(parsed).toEqual(JSON.parse(JSON.stringify(upstream)));
    expect(data.type === 'message.created' && data.message.body).toBe('framed');
  });

  it('a batch frame is answered call by call; an id-less call and a malformed frame get PARSE_ERROR; PING gets PONG', async () => {
    const ana = await server.signUp('Ana');
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/trpc?connectionParams=1`);
    const frames: string[] = [];
    socket.on('message', (data: Buffer) => frames.push(data.toString()));
    await new Promise((resolve) => socket.once('open', resolve));
    try {
      socket.send(JSON.stringify({ method: 'connectionParams', data: { token: ana.token } }));
      socket.send(
        JSON.stringify([
          { id: 1, method: 'query', params: { path: 'auth.me', input: undefined } },
          { id: 2, jsonrpc: '2.0', method: 'query', params: { path: 'room.list', input: undefined } },
        ]),
      );
      socket.send(JSON.stringify({ id: null, method: 'query', params: { path: 'auth.me' } }));
      socket.send('{not json');
      socket.send('PING');
      const answers = await waitFor(() => (frames.length >= 5 ? frames : null), 10_000, 'five answers');
      const parsed = answers
        .filter((frame) => frame !== 'PONG')
        .map((frame) => JSON.parse(frame) as { id: number | null; jsonrpc?: string; error?: { data: { code: string } } });
      expect(answers).toContain('PONG');
      expect(parsed.find((answer) => answer.id === 1)).toMatchObject({ result: { type: 'data', data: { id: ana.user.id } } });
      expect(parsed.find((answer) => answer.id === 2)).toMatchObject({ jsonrpc: '2.0', result: { type: 'data', data: [] } });
      expect(parsed.filter((answer) => answer.id === null).map((answer) => answer.error?.data.code)).toEqual(['PARSE_ERROR', 'PARSE_ERROR']);
    } finally {
      socket.close();
    }
  });

  it('a mutation over the socket is refused as soon as its session is revoked, though the context was made once per socket', async () => {
    const ana = await server.signUp('Ana');
    const room = await ana.client.room.create.mutate({ name: `Revoked ${randomUUID()}`, visibility: 'private' });
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/trpc?connectionParams=1`);
    const answers = new Map<number, { result?: unknown; error?: { data: { code: string } } }>();
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text === 'PING') return;
      const answer = JSON.parse(text) as { id: number; result?: unknown; error?: { data: { code: string } } };
      answers.set(answer.id, answer);
    });
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => socket.once('open', resolve));
    const mutate = (id: number) =>
      socket.send(
        JSON.stringify({
          id,
          method: 'mutation',
          params: { path: 'message.send', input: { roomId: room.id, body: `over ws ${id}`, clientId: randomUUID() } },
        }),
      );
    socket.send(JSON.stringify({ method: 'connectionParams', data: { token: ana.token } }));
    mutate(1);
    expect(await waitFor(() => answers.get(1), 10_000, 'the first send')).toMatchObject({ result: { type: 'data' } });
    // The context was built once for the socket; every call still re-reads the session (revoked
    // here behind the server's back, so the socket is not closed for it).
    const { sid } = JSON.parse(Buffer.from(ana.token.split('.')[1] ?? '', 'base64url').toString()) as { sid: string };
    server.app.confab.db.$client.prepare('UPDATE session SET revoked_at = ? WHERE id = ?').run(Date.now(), sid);
    mutate(2);
    expect((await waitFor(() => answers.get(2), 10_000, 'the refusal')).error?.data.code).toBe('UNAUTHORIZED');
    // (Signing out through the API also closes the session's sockets at once: test/auth.test.ts.)
    socket.close();
    await closed;
    const stored = server.app.confab.db.$client.prepare('SELECT body FROM message WHERE room_id = ?').all(room.id) as { body: string }[];
    expect(stored.map((row) => row.body)).toEqual(['over ws 1']);
  });

  it('malformed connectionParams are a PARSE_ERROR and the socket is closed', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/trpc?connectionParams=1`);
    const frames: string[] = [];
    socket.on('message', (data: Buffer) => frames.push(data.toString()));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send('{"method":"connectionParams","data":"not an object"');
    await closed;
    expect(frames.map((frame) => (JSON.parse(frame) as { error: { data: { code: string } } }).error.data.code)).toEqual(['PARSE_ERROR']);
  });
});
