import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness.js';
import { expectCode } from '../chat/helpers.js';
import { expectStillServes } from './helpers.js';

// room.browse pages by name: 500 rooms named "!…" (they sort first) cannot hide the others.

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ build: { limits: { roomCreatesPerUser: { max: 10_000, windowMs: 60_000 } } } });
});
afterAll(() => server.close());

describe('room.browse', () => {
  it('pages through 500 rooms sorting first to the ones after them, each room once; a name search finds them at once', async () => {
    const flooder = await server.signUp();
    const owner = await server.signUp();
    const reader = await server.signUp();
    for (let i = 0; i < 500; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, k) => flooder.client.room.create.mutate({ name: `!${String(i + k).padStart(3, '0')}`, visibility: 'public' })),
      );
    }
    const zebra = await owner.client.room.create.mutate({ name: 'Zebra project', visibility: 'public' });

    const first = await reader.client.room.browse.query();
    expect(first.rooms).toHaveLength(50);
    expect(first.rooms.map((room) => room.id)).not.toContain(zebra.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { rooms: { id: string; name: string }[]; nextCursor: string | null } = await reader.client.room.browse.query({
        cursor,
        limit: 100,
      });
      seen.push(...page.rooms.map((room) => room.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 20);
    expect(pages).toBe(6);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(501);
    expect(seen[seen.length - 1]).toBe(zebra.id);

    const found = await reader.client.room.browse.query({ query: 'ZEB' });
    expect(found).toEqual({ rooms: [expect.objectContaining({ id: zebra.id, name: 'Zebra project', isMember: false })], nextCursor: null });
    // LIKE's wildcards are plain characters in a search
    expect((await reader.client.room.browse.query({ query: '%' })).rooms).toEqual([]);
    await expectStillServes(server);
  }, 60_000);

  it('a cursor it did not give out and a page over 100 are BAD_REQUEST saying what to fix', async () => {
    const { client } = await server.signUp();
    const bad = await expectCode(client.room.browse.query({ cursor: 'not-a-cursor' }), 'BAD_REQUEST');
    expect(bad.message).toMatch(/pass back the nextCursor/);
    const big = await expectCode(client.room.browse.query({ limit: 101 }), 'BAD_REQUEST');
    expect(big.message).toMatch(/limit must be at most 100/);
  });
});
