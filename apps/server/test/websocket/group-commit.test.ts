import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createConfabClient } from '@confab/sdk';
import { spawnServer, tempDataDir, waitFor, type TestServer } from '../harness.js';
import { registerOffline, startChatServer } from '../chat/helpers.js';

// Group commit (packages/api/src/events/group-commit.ts): the sends of one event-loop turn share
// one transaction and are answered after its COMMIT. These tests send many at once, so batches
// hold more than one send.

interface Answer {
  id: number;
  result?: { data?: { id: number; body: string } };
  error?: { data: { code: string } };
}

/** a signed-in raw tRPC socket that collects every answer by request id */
async function rawSocket(url: string, token: string) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/trpc?connectionParams=1`);
  const answers = new Map<number, Answer>();
  socket.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text === 'PING') return socket.send('PONG');
    const answer = JSON.parse(text) as Answer;
    answers.set(answer.id, answer);
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
  const sendMessages = (calls: { id: number; roomId: string; body: string; clientId: string }[]) =>
    socket.send(
      JSON.stringify(
        calls.map(({ id, roomId, body, clientId }) => ({
          id,
          method: 'mutation',
          params: { path: 'message.send', input: { roomId, body, clientId } },
        })),
      ),
    );
  return { socket, answers, sendMessages };
}

describe('group commit: sends of one turn share a transaction, each answered after its commit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startChatServer();
  });
  afterAll(() => server.close());

  it('a send and its retry in the same frame (same turn, same batch) are stored once and both answered with that message', async () => {
    const ana = await server.signUp('Ana');
    const room = await ana.client.room.create.mutate({ name: `Retry ${randomUUID()}`, visibility: 'private' });
    const raw = await rawSocket(server.url, ana.token);
    try {
      const clientId = randomUUID();
      raw.sendMessages([
        { id: 1, roomId: room.id, body: 'once', clientId },
        { id: 2, roomId: room.id, body: 'once', clientId },
        { id: 3, roomId: room.id, body: 'other', clientId: randomUUID() },
      ]);
      await waitFor(() => raw.answers.size >= 3, 10_000, 'three answers');
      const [first, retry, other] = [1, 2, 3].map((id) => raw.answers.get(id));
      expect(first?.error).toBeUndefined();
      expect(retry?.error).toBeUndefined();
      expect(retry?.result?.data?.id).toBe(first?.result?.data?.id);
      expect(other?.result?.data?.body).toBe('other');
      const page = await ana.client.message.history.query({ roomId: room.id });
      expect(page.messages.map((message) => message.body).sort()).toEqual(['once', 'other']);
    } finally {
      raw.socket.close();
    }
  });

  it('200 sends from 20 sockets at once: every answer is stored exactly once, and a reader gets each once, in seq order', async () => {
    const owner = await server.signUp('Owner');
    // One at a time: the password-hashing line refuses a crowd of sign-ups at once.
    const senders: Awaited<ReturnType<typeof registerOffline>>[] = [];
    for (let i = 0; i < 20; i++) senders.push(await registerOffline(server, `Sender${i}`));
    const room = await owner.client.room.create.mutate({
      name: `Busy ${randomUUID()}`,
      visibility: 'private',
      memberIds: senders.map((sender) => sender.user.id),
    });
    const events: { seq: number; body: string }[] = [];
    const reader = owner.client.sync.onEvent.subscribe(
      { lastEventId: null },
      {
        onData: ({ id, data }) => {
          if (data.type === 'message.created') events.push({ seq: Number(id), body: data.message.body });
        },
      },
    );
    const sockets = await Promise.all(senders.map((sender) => rawSocket(server.url, sender.token)));
    try {
      // Each socket is signed in once it answers a first call.
      sockets.forEach((raw) => raw.socket.send(JSON.stringify({ id: 0, method: 'query', params: { path: 'auth.me' } })));
      await waitFor(() => sockets.every((raw) => raw.answers.has(0)), 10_000, 'every socket signed in');
      sockets.forEach((raw, s) =>
        raw.sendMessages(Array.from({ length: 10 }, (_, i) => ({ id: i + 1, roomId: room.id, body: `s${s}-${i}`, clientId: randomUUID() }))),
      );
      await waitFor(() => sockets.every((raw) => raw.answers.size >= 11), 20_000, 'every send answered');
      const acked = sockets.flatMap((raw) =>
        [...raw.answers.values()].flatMap((answer) => (answer.id > 0 && answer.result?.data ? [answer.result.data.body] : [])),
      );
      expect(acked).toHaveLength(200);
      const stored: string[] = [];
      let cursor: number | undefined;
      do {
        const page = await owner.client.message.history.query({ roomId: room.id, cursor, limit: 100 });
        stored.push(...page.messages.map((message) => message.body));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(stored.sort()).toEqual([...acked].sort());
      await waitFor(() => events.length >= 200, 20_000, 'the reader to get all 200');
      expect(new Set(events.map((event) => event.body)).size).toBe(200);
      expect(events.map((event) => event.seq)).toEqual([...events.map((event) => event.seq)].sort((a, b) => a - b));
    } finally {
      reader.unsubscribe();
      sockets.forEach((raw) => raw.socket.close());
    }
  });

  it('a full disk mid-batch: every send of the batch is answered, and exactly the acknowledged ones are stored', async () => {
    const ana = await server.signUp('Ana');
    const room = await ana.client.room.create.mutate({ name: `Full ${randomUUID()}`, visibility: 'private' });
    const raw = await rawSocket(server.url, ana.token);
    const sqlite = server.app.confab.db.$client;
    sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true })) + 2}`);
    try {
      const filler = 'x'.repeat(3_900);
      let next = 1;
      // Frames of 10 sends (one batch each) until one send is refused for the full disk.
      for (let round = 0; round < 40 && ![...raw.answers.values()].some((answer) => answer.error); round++) {
        raw.sendMessages(
          Array.from({ length: 10 }, () => next++).map((id) => ({ id, roomId: room.id, body: `${id} ${filler}`, clientId: randomUUID() })),
        );
        await waitFor(() => raw.answers.size >= next - 1, 10_000, 'the frame answered');
      }
      const refused = [...raw.answers.values()].filter((answer) => answer.error);
      expect(refused.length).toBeGreaterThan(0);
      expect(new Set(refused.map((answer) => answer.error?.data.code))).toEqual(new Set(['SERVICE_UNAVAILABLE']));
    } finally {
      sqlite.pragma('max_page_count = 4294967294');
      raw.socket.close();
    }
    const acked = [...raw.answers.values()].flatMap((answer) => (answer.result?.data ? [answer.result.data.id] : []));
    const stored: number[] = [];
    let cursor: number | undefined;
    do {
      const page = await ana.client.message.history.query({ roomId: room.id, cursor, limit: 100 });
      stored.push(...page.messages.map((message) => message.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(stored.sort((a, b) => a - b)).toEqual(acked.sort((a, b) => a - b));
  });
});

describe('group commit survives a crash', () => {
  it('SIGKILL while 12 sockets send 10 at a time: every acknowledged message is stored after the restart', async () => {
    const dataDir = tempDataDir();
    let server = await spawnServer(dataDir);
    const signUp = async (name: string) => {
      const client = createConfabClient({ url: server.url });
      const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
      const result = await client.auth.register.mutate({ email, name, password: 'correct horse battery', issueToken: true });
      await client.close();
      if (!result.token) throw new Error('register did not issue a token');
      return { id: result.user.id, token: result.token };
    };
    try {
      const owner = await signUp('Owner');
      const senders: { id: string; token: string }[] = [];
      for (let i = 0; i < 12; i++) senders.push(await signUp(`Crash${i}`)); // sign-ups: 20 a minute per address
      const ownerClient = createConfabClient({ url: server.url, token: owner.token });
      const room = await ownerClient.room.create.mutate({
        name: `Crash ${randomUUID()}`,
        visibility: 'private',
        memberIds: senders.map((s) => s.id),
      });
      await ownerClient.close();
      const sockets = await Promise.all(senders.map((sender) => rawSocket(server.url, sender.token)));
      // Each socket sends 10 at a time, the next 10 as soon as the last answer arrives (the send limit allows 30 per 10 s).
      let nextId = 1;
      const round = () =>
        sockets.forEach((raw, s) =>
          raw.sendMessages(
            Array.from({ length: 10 }, () => nextId++).map((id) => ({ id, roomId: room.id, body: `${s}-${id}`, clientId: randomUUID() })),
          ),
        );
      round();
      await waitFor(() => sockets.every((raw) => raw.answers.size >= 10), 20_000, 'the first round answered');
      round();
      // The kill lands once the second round is being answered, so batches are in flight.
      await waitFor(() => sockets.some((raw) => raw.answers.size > 10), 20_000, 'a first answer of the second round');
      await server.stop('SIGKILL');
      const acked = sockets.flatMap((raw) => [...raw.answers.values()].flatMap((answer) => (answer.result?.data ? [answer.result.data.body] : [])));
      expect(acked.length).toBeGreaterThanOrEqual(120);
      sockets.forEach((raw) => raw.socket.close());

      server = await spawnServer(dataDir, server.port);
      const reader = createConfabClient({ url: server.url, token: owner.token });
      const stored = new Set<string>();
      let cursor: number | undefined;
      do {
        const page = await reader.message.history.query({ roomId: room.id, cursor, limit: 100 });
        page.messages.forEach((message) => stored.add(message.body));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      await reader.close();
      expect(acked.filter((body) => !stored.has(body))).toEqual([]);
    } finally {
      await server.stop('SIGKILL');
    }
  });
});
