import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfabClient } from '@confab/sdk';
import { startServer, type TestServer } from '../harness.js';
import { expectCode, send, streamEvents } from '../chat/helpers.js';
import { expectStillServes } from './helpers.js';

// Per-user rate limits on the calls a script could loop on. Each is lowered to 3 here; past it the
// call is TOO_MANY_REQUESTS with a sentence saying when to try again, the handler never runs, and
// another person is not affected.

const tight = { max: 3, windowMs: 60_000 };
let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    build: {
      limits: { roomCreatesPerUser: tight, editsPerUser: tight, reactionsPerUser: tight, typingPerUser: tight, profileUpdatesPerUser: tight },
    },
  });
});
afterAll(() => server.close());

async function roomWithMessage(client: ConfabClient) {
  const room = await client.room.create.mutate({ name: `limits ${Math.random()}`, visibility: 'private' });
  const message = await send(client, room.id, 'hello');
  return { room, message };
}

/** `call` works `tight.max` times for a fresh user, then is refused; a second fresh user still gets through */
async function expectLimited(what: RegExp, setUp: (client: ConfabClient) => Promise<(i: number) => Promise<unknown>>) {
  const first = await server.signUp();
  const call = await setUp(first.client);
  for (let i = 0; i < tight.max; i++) await call(i);
  const refused = await expectCode(call(tight.max), 'TOO_MANY_REQUESTS');
  expect(refused.message).toMatch(new RegExp(`^Too many ${what.source}\\. Try again in \\d+ seconds\\.$`));
  const second = await server.signUp();
  const secondCall = await setUp(second.client);
  await secondCall(0);
  await expectStillServes(server);
}

describe('per-user rate limits', () => {
  it('room.create', () =>
    expectLimited(/rooms created/, (client) =>
      Promise.resolve((i) => client.room.create.mutate({ name: `r${i} ${Math.random()}`, visibility: 'public' })),
    ));

  it('message.edit', () =>
    expectLimited(/edits/, async (client) => {
      const { message } = await roomWithMessage(client);
      return (i) => client.message.edit.mutate({ messageId: message.id, body: `edit ${i}` });
    }));

  it('message.react', () =>
    expectLimited(/reactions/, async (client) => {
      const { message } = await roomWithMessage(client);
      return () => client.message.react.mutate({ messageId: message.id, emoji: '👍' });
    }));

  it('typing.set', () =>
    expectLimited(/typing updates/, async (client) => {
      const { room } = await roomWithMessage(client);
      return (i) => client.typing.set.mutate({ roomId: room.id, isTyping: i % 2 === 0 });
    }));

  it('user.updateProfile', () =>
    expectLimited(/profile changes/, (client) => Promise.resolve((i) => client.user.updateProfile.mutate({ name: `Renamed ${i}` }))));

  it('a refused edit changes nothing', async () => {
    const { client } = await server.signUp();
    const { room, message } = await roomWithMessage(client);
    for (let i = 0; i < tight.max; i++) await client.message.edit.mutate({ messageId: message.id, body: `edit ${i}` });
    await expectCode(client.message.edit.mutate({ messageId: message.id, body: 'one too many' }), 'TOO_MANY_REQUESTS');
    const history = await client.message.history.query({ roomId: room.id });
    expect(history.messages.map((m) => m.body)).toEqual([`edit ${tight.max - 1}`]);
  });
});

describe('a reaction burst with the shipped limit', () => {
  it('300 toggles in a burst do not push another member past the replay limit into a reset', async () => {
    // The replay limit lowered to 100 events; the shipped reaction limit (60 a minute) holds the burst under it.
    const chat = await startServer({ build: { chat: { syncReplayLimit: 100 } } });
    try {
      const ana = await chat.signUp();
      const ben = await chat.signUp();
      const room = await ben.client.room.create.mutate({ name: 'Burst', visibility: 'private', memberIds: [ana.user.id] });
      const before = streamEvents(ana.client);
      await before.started;
      const message = await send(ben.client, room.id, 'react to me');
      await before.until((e) => e.type === 'message.created' && e.message.id === message.id, 1, 'the message');
      before.stop();
      const lastId = before.lastId;

      let refused = 0;
      for (let i = 0; i < 300; i++) {
        await ben.client.message.react.mutate({ messageId: message.id, emoji: i % 2 ? '🎉' : '👍' }).catch((error: unknown) => {
          if (error instanceof Error && error.message.startsWith('Too many reactions.')) refused++;
          else throw error;
        });
      }
      expect(refused).toBe(300 - 60);
      await send(ben.client, room.id, 'after the burst');

      const resumed = streamEvents(ana.client, lastId);
      await resumed.until((e) => e.type === 'message.created' && e.message.body === 'after the burst', 1, 'the message after the burst');
      expect(resumed.events.filter((e) => e.type === 'sync.reset')).toEqual([]);
      resumed.stop();
    } finally {
      await chat.close();
    }
  }, 60_000);
});

describe('uploads per minute (UPLOADS_PER_MINUTE)', () => {
  it('past the setting an upload gets 429 with Retry-After, before its body is read', async () => {
    const uploads = await startServer({ env: { UPLOADS_PER_MINUTE: '2' } });
    try {
      const { token } = await uploads.signUp();
      const upload = () => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array([1, 2, 3, 4])]), 'bytes.bin');
        return fetch(`${uploads.url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
      };
      expect((await upload()).status).toBe(201);
      expect((await upload()).status).toBe(201);
      const refused = await upload();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { message: string }).message).toMatch(/^Too many uploads\. Try again in \d+ seconds\.$/);
      const other = await uploads.signUp();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array([5, 6])]), 'other.bin');
      const theirs = await fetch(`${uploads.url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${other.token}` } });
      expect(theirs.status).toBe(201);
      await expectStillServes(uploads);
    } finally {
      await uploads.close();
    }
  });
});
