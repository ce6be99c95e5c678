import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { TRPCClientError, type AppRouter, type ConfabClient, type SyncEvent } from '@confab/sdk';
import WebSocket from 'ws';
import { startServer, waitFor, type TestServer } from '../harness.js';

/** A server with loose send (and other per-user) limits and short presence/typing timings, so tests stay quick. */
export function startChatServer(
  options: { dataDir?: string; env?: Record<string, string>; presenceGraceMs?: number; typingTtlMs?: number } = {},
): Promise<TestServer> {
  return startServer({
    dataDir: options.dataDir,
    env: options.env,
    build: {
      limits: {
        sendsPerUser: { max: 100_000, windowMs: 1_000 },
        registerPerIp: { max: 10_000, windowMs: 60_000 },
        // the per-user limits of issue 12 are tested in test/hostile/rate-limits.test.ts
        ...Object.fromEntries(
          (['roomCreatesPerUser', 'editsPerUser', 'reactionsPerUser', 'typingPerUser', 'profileUpdatesPerUser'] as const).map((name) => [
            name,
            { max: 100_000, windowMs: 1_000 },
          ]),
        ),
      },
      chat: { presenceGraceMs: options.presenceGraceMs ?? 300, typingTtlMs: options.typingTtlMs ?? 400 },
    },
  });
}

export interface EventStream {
  events: SyncEvent[];
  /** the tracked id of the last event received */
  lastId: string | null;
  errors: unknown[];
  started: Promise<void>;
  stop(): void;
  /** waits until `count` events matching `predicate` have arrived */
  until(predicate: (event: SyncEvent) => boolean, count?: number, what?: string): Promise<SyncEvent[]>;
}

/** Subscribes to `sync.onEvent` through the SDK and records everything that arrives. */
export function streamEvents(client: ConfabClient, lastEventId: string | null = null): EventStream {
  const stream: Omit<EventStream, 'started' | 'stop'> = {
    events: [],
    lastId: lastEventId,
    errors: [],
    async until(predicate, count = 1, what = 'events') {
      return waitFor(
        () => {
          const matching = stream.events.filter(predicate);
          return matching.length >= count ? matching : null;
        },
        10_000,
        what,
      );
    },
  };
  let resolveStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (resolveStarted = resolve));
  const subscription = client.sync.onEvent.subscribe(
    { lastEventId },
    {
      onStarted: () => resolveStarted(),
      onData(tracked) {
        stream.lastId = tracked.id;
        stream.events.push(tracked.data);
      },
      onError: (error) => stream.errors.push(error),
    },
  );
  return Object.assign(stream, { started, stop: () => subscription.unsubscribe() });
}

export const send = (client: ConfabClient, roomId: string, body: string) => client.message.send.mutate({ roomId, body, clientId: randomUUID() });

/** awaits `promise` and asserts it failed with the tRPC error `code` */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<TRPCClientError<AppRouter>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(TRPCClientError);
  const trpcError = error as TRPCClientError<AppRouter>;
  expect(trpcError.data?.code, trpcError.message).toBe(code);
  return trpcError;
}

/** Gives in-flight server work a moment, for asserting that something did NOT arrive. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

export const messageBodies = (events: SyncEvent[]) => events.flatMap((event) => (event.type === 'message.created' ? [event.message.body] : []));

/** Records every value a subscription yields (typing, presence), for polling with waitFor. */
export function record<T>(
  subscribe: (handlers: { onData(value: T): void; onStarted(): void; onError(error: unknown): void }) => { unsubscribe(): void },
) {
  const values: T[] = [];
  const errors: unknown[] = [];
  let resolveStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (resolveStarted = resolve));
  const subscription = subscribe({
    onData: (value) => values.push(value),
    onStarted: () => resolveStarted(),
    onError: (error) => errors.push(error),
  });
  return { values, errors, started, stop: () => subscription.unsubscribe() };
}

/** Registers a user without keeping a signed-in socket open (SDK clients connect at once), so they start offline. */
export async function registerOffline(server: TestServer, name: string): Promise<{ token: string; user: { id: string; email: string } }> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  const result = await server.client().auth.register.mutate({ email, name, password: 'correct horse battery', issueToken: true });
  if (!result.token) throw new Error('register did not issue a token');
  return { token: result.token, user: { id: result.user.id, email } };
}

/** Opens a raw tRPC WebSocket as `token`, subscribes to sync.onEvent and resolves once the server says it started. */
export async function rawSubscriber(server: TestServer, token: string): Promise<WebSocket> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/trpc?connectionParams=1`);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
  socket.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'sync.onEvent', input: { lastEventId: null } } }));
  await new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: { type?: string } };
      if (message.id === 1 && message.result?.type === 'started') resolve();
    });
  });
  return socket;
}
