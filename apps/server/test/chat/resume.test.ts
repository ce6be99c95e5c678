import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfabClient, type ConfabClient } from '@confab/sdk';
import { serverDir, spawnServer, startServer, tempDataDir, waitFor, type TestServer } from '../harness.js';
import { messageBodies, rawSubscriber, send, startChatServer, streamEvents } from './helpers.js';

describe('resume after the sockets are cut', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startChatServer();
  });
  afterAll(() => server.close());

  it('every event sent while the socket was down arrives exactly once and in order', async () => {
    const ana = await server.signUp();
    const ben = await server.signUp();
    const room = await ben.client.room.create.mutate({ name: 'Flaky', visibility: 'private', memberIds: [ana.user.id] });
    const stream = streamEvents(ana.client);
    await stream.started;
    const sockets = server.app.websocketServer.clients;

    const expected: string[] = [];
    let cut = 0;
    for (let i = 0; i < 60; i++) {
      // Cut every socket twice mid-flood, abruptly, as a network drop would.
      if (i === 15 || i === 40) {
        await waitFor(() => sockets.size > 0, 10_000, 'the client to reconnect');
        for (const socket of sockets) socket.terminate();
        cut++;
      }
      expected.push(`m${i}`);
      await send(ben.client, room.id, `m${i}`);
    }
    expect(cut).toBe(2);
    await stream.until((e) => e.type === 'message.created', 60, 'all 60 messages');
    expect(messageBodies(stream.events)).toEqual(expected);
    const seqs = stream.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    stream.stop();
  });

  it('a stream resumed from an old id replays exactly what came after it', async () => {
    const ana = await server.signUp();
    const ben = await server.signUp();
    const room = await ben.client.room.create.mutate({ name: 'Replay', visibility: 'private', memberIds: [ana.user.id] });
    const first = streamEvents(ana.client);
    await first.started;
    await send(ben.client, room.id, 'seen');
    await first.until((e) => e.type === 'message.created', 1, 'first message');
    first.stop();
    const resumeFrom = first.lastId;
    for (const body of ['missed 1', 'missed 2', 'missed 3']) await send(ben.client, room.id, body);
    const resumed = streamEvents(ana.client, resumeFrom);
    await resumed.started;
    await send(ben.client, room.id, 'live');
    await resumed.until((e) => e.type === 'message.created', 4, 'replay then live');
    expect(messageBodies(resumed.events)).toEqual(['missed 1', 'missed 2', 'missed 3', 'live']);
    resumed.stop();
  });

  it('a stream too far behind gets one sync.reset, then continues live', async () => {
    // A server that replays at most 5 events.
    const strict = await startServer({ build: { limits: { sendsPerUser: { max: 1000, windowMs: 1000 } }, chat: { syncReplayLimit: 5 } } });
    try {
      const ana = await strict.signUp();
      const room = await ana.client.room.create.mutate({ name: 'Far', visibility: 'private' });
      const first = streamEvents(ana.client);
      await first.started;
      await send(ana.client, room.id, 'start');
      await first.until((e) => e.type === 'message.created', 1, 'start');
      first.stop();
      for (let i = 0; i < 10; i++) await send(ana.client, room.id, `gap ${i}`);
      const resumed = streamEvents(ana.client, first.lastId);
      await resumed.until((e) => e.type === 'sync.reset', 1, 'sync.reset');
      await send(ana.client, room.id, 'after reset');
      await resumed.until((e) => e.type === 'message.created', 1, 'live after reset');
      expect(resumed.events.map((e) => e.type)).toEqual(['sync.reset', 'message.created']);
      resumed.stop();
    } finally {
      await strict.close();
    }
  });
});

describe('event retention', () => {
  it('pruned events are not replayed: a stream resuming from before them gets sync.reset, a recent one resumes normally', async () => {
    const server = await startChatServer();
    try {
      const ana = await server.signUp();
      const room = await ana.client.room.create.mutate({ name: 'Old', visibility: 'private' });
      const early = streamEvents(ana.client);
      await early.started;
      await send(ana.client, room.id, 'old news');
      await early.until((e) => e.type === 'message.created', 1, 'the old message');
      early.stop();
      await send(ana.client, room.id, 'recent');
      const recent = streamEvents(ana.client);
      await recent.started;
      await send(ana.client, room.id, 'newest');
      await recent.until((e) => e.type === 'message.created', 1, 'the newest message');
      recent.stop();

      // Everything but the newest event is past retention.
      const { eventLog } = server.app.confab.api.services;
      expect(await eventLog.prune(new Date(Date.now() + 60_000))).toBeGreaterThan(0);
      expect(eventLog.oldestSeq()).toBe(eventLog.currentSeq());

      const fromPruned = streamEvents(ana.client, early.lastId);
      await fromPruned.until((e) => e.type === 'sync.reset', 1, 'sync.reset');
      const fromRecent = streamEvents(ana.client, String(eventLog.currentSeq()));
      await fromRecent.started;
      await send(ana.client, room.id, 'after pruning');
      await fromRecent.until((e) => e.type === 'message.created', 1, 'live after pruning');
      await fromPruned.until((e) => e.type === 'message.created', 1, 'live after the reset');
      expect(fromRecent.events.map((e) => e.type)).toEqual(['message.created']);
      expect(fromPruned.events.map((e) => e.type)).toEqual(['sync.reset', 'message.created']);
      // History is untouched: only the event log is pruned.
      const history = await ana.client.message.history.query({ roomId: room.id });
      expect(history.messages.map((m) => m.body)).toEqual(['after pruning', 'newest', 'recent', 'old news']);
      fromPruned.stop();
      fromRecent.stop();
    } finally {
      await server.close();
    }
  });
});

describe('resume across a server process restart', () => {
  const dataDir = tempDataDir();
  const clients: ConfabClient[] = [];
  beforeAll(() => {
    // The restart test runs the built server; build it so it never runs stale code.
    execFileSync(process.execPath, [path.join(serverDir, 'build.mjs')], { stdio: 'inherit' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** a user on the spawned server, with a client that keeps working across its restarts (same port) */
  async function registerOn(url: string, name: string) {
    const anonymous = createConfabClient({ url });
    clients.push(anonymous);
    const result = await anonymous.auth.register.mutate({
      email: `${name}-${randomUUID()}@example.com`,
      name,
      password: 'correct horse battery',
      issueToken: true,
    });
    const client = createConfabClient({ url, token: result.token });
    clients.push(client);
    return { client, id: result.user.id };
  }

  it('events sent while the server was down and right after it came back arrive exactly once, in order', async () => {
    let server = await spawnServer(dataDir);
    const register = (name: string) => registerOn(server.url, name);
    try {
      const ana = await register('Ana');
      const ben = await register('Ben');
      const room = await ben.client.room.create.mutate({ name: 'Restart', visibility: 'private', memberIds: [ana.id] });
      const stream = streamEvents(ana.client);
      await stream.started;
      for (let i = 0; i < 5; i++) await send(ben.client, room.id, `before ${i}`);
      await stream.until((e) => e.type === 'message.created', 5, 'messages before the restart');

      await server.stop('SIGTERM');
      server = await spawnServer(dataDir, server.port);
      // Sent at once, while Ana's client is still backing off before it reconnects.
      for (let i = 0; i < 5; i++) await send(ben.client, room.id, `after ${i}`);
      await waitFor(() => stream.events.filter((e) => e.type === 'message.created').length >= 10, 20_000, 'messages after the restart');
      expect(messageBodies(stream.events)).toEqual([...[0, 1, 2, 3, 4].map((i) => `before ${i}`), ...[0, 1, 2, 3, 4].map((i) => `after ${i}`)]);
      stream.stop();
    } finally {
      await server.stop('SIGTERM');
    }
  });

  it('a crash (SIGKILL mid-flood) loses no acknowledged message, and a resuming reader gets each once', async () => {
    let server = await spawnServer(dataDir);
    const register = (name: string) => registerOn(server.url, name);
    try {
      const ana = await register('Ana');
      const ben = await register('Ben');
      const room = await ben.client.room.create.mutate({ name: 'Crash', visibility: 'private', memberIds: [ana.id] });
      const stream = streamEvents(ana.client);
      await stream.started;

      // Sends race the kill: whatever the server acknowledged must survive it.
      const acknowledged: string[] = [];
      const flood = (async () => {
        for (let i = 0; i < 400; i++) {
          try {
            await send(ben.client, room.id, `m${i}`);
            acknowledged.push(`m${i}`);
          } catch {
            return;
          }
        }
      })();
      // Well under the send limit (30 per 10 s), so the flood is still running when the kill lands.
      await waitFor(() => acknowledged.length >= 10, 10_000, 'some acknowledged sends');
      await server.stop('SIGKILL');
      await flood;
      expect(acknowledged.length).toBeGreaterThanOrEqual(10);

      server = await spawnServer(dataDir, server.port);
      const stored: string[] = [];
      let cursor: number | undefined;
      do {
        const page = await ben.client.message.history.query({ roomId: room.id, cursor, limit: 100 });
        stored.push(...page.messages.map((m) => m.body));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(stored.reverse().slice(0, acknowledged.length)).toEqual(acknowledged);

      // Ana's stream reconnects by itself and ends up with every stored message exactly once, in order.
      await waitFor(() => messageBodies(stream.events).length >= stored.length, 20_000, 'the reader to catch up');
      expect(messageBodies(stream.events)).toEqual(stored);
      stream.stop();
    } finally {
      await server.stop('SIGTERM');
    }
  });
});

describe('cleanup', () => {
  it('a client that goes away leaves no subscription behind on the server', async () => {
    const server = await startChatServer();
    try {
      const bus = server.app.confab.api.services.bus;
      const baseline = bus.subscriberCount();
      const ana = await server.signUp();
      const streams = [streamEvents(ana.client), streamEvents(ana.client), streamEvents(ana.client)];
      await Promise.all(streams.map((s) => s.started));
      await waitFor(() => bus.subscriberCount() === baseline + 3, 5_000, 'three live subscriptions');
      streams[0]?.stop();
      await waitFor(() => bus.subscriberCount() === baseline + 2, 5_000, 'an unsubscribe to release its listener');
      await ana.client.close();
      await waitFor(() => bus.subscriberCount() === baseline, 5_000, 'a closed client to release its listeners');
      // A socket that vanishes without a goodbye releases its subscription too.
      const raw = await rawSubscriber(server, ana.token);
      await waitFor(() => bus.subscriberCount() === baseline + 1, 5_000, 'the raw subscription');
      raw.terminate();
      await waitFor(() => bus.subscriberCount() === baseline, 5_000, 'a dropped socket to release its listener');
    } finally {
      await server.close();
    }
  });
});
