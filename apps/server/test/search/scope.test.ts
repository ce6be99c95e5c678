import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../harness.js';
import { expectCode, send, startChatServer } from '../chat/helpers.js';
import { found, search, uniqueWord } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startChatServer();
});
afterAll(() => server.close());

describe('who finds what', () => {
  it('a member finds a message of the room with its snippet, room and author; a non-member finds nothing', async () => {
    const ana = await server.signUp('Ana Lima');
    const ben = await server.signUp('Ben');
    const eve = await server.signUp('Eve');
    const word = uniqueWord();
    const room = await ana.client.room.create.mutate({ name: 'Launch', visibility: 'private', memberIds: [ben.user.id] });
    const sent = await send(ana.client, room.id, `We decided to ship on Tuesday, ${word} included.`);

    const page = await search(ben.client, word);
    expect(page.nextCursor).toBeNull();
    expect(page.hits).toHaveLength(1);
    const [hit] = page.hits;
    expect(hit?.message).toMatchObject({ id: sent.id, roomId: room.id, author: { id: ana.user.id, name: 'Ana Lima' } });
    expect(hit?.room).toEqual({ id: room.id, kind: 'group', name: 'Launch' });
    expect(hit?.snippet.filter((part) => part.match).map((part) => part.text)).toEqual([word]);
    expect(hit?.snippet.map((part) => part.text).join('')).toBe(`We decided to ship on Tuesday, ${word} included.`);

    expect(await found(eve.client, word)).toEqual([]);
  });

  it('a public room one has not joined is not searched, and a room one left stops being searched', async () => {
    const ana = await server.signUp();
    const ben = await server.signUp();
    const word = uniqueWord();
    const room = await ana.client.room.create.mutate({ name: `Open ${word}`, visibility: 'public' });
    await send(ana.client, room.id, `public ${word}`);
    expect(await found(ben.client, word)).toEqual([]);

    await ben.client.room.join.mutate({ roomId: room.id });
    expect(await found(ben.client, word)).toEqual([`public ${word}`]);
    await ben.client.room.leave.mutate({ roomId: room.id });
    expect(await found(ben.client, word)).toEqual([]);
  });

  it('a DM is searched by its two people and named after the other one', async () => {
    const ana = await server.signUp('Ana DM');
    const ben = await server.signUp('Ben DM');
    const eve = await server.signUp();
    const word = uniqueWord();
    const dm = await ana.client.room.openDirect.mutate({ userId: ben.user.id });
    await send(ana.client, dm.id, `psst ${word}`);
    expect((await search(ana.client, word)).hits[0]?.room).toEqual({ id: dm.id, kind: 'direct', name: 'Ben DM' });
    expect((await search(ben.client, word)).hits[0]?.room).toEqual({ id: dm.id, kind: 'direct', name: 'Ana DM' });
    expect(await found(eve.client, word)).toEqual([]);
  });

  it('deleted messages are never found; an edited one is found by its new text only', async () => {
    const ana = await server.signUp();
    const old = uniqueWord();
    const replacement = uniqueWord();
    const gone = uniqueWord();
    const room = await ana.client.room.create.mutate({ name: 'Edits', visibility: 'private' });
    const edited = await send(ana.client, room.id, `first draft ${old}`);
    const deleted = await send(ana.client, room.id, `oops ${gone}`);
    expect(await found(ana.client, old)).toHaveLength(1);
    expect(await found(ana.client, gone)).toHaveLength(1);

    await ana.client.message.edit.mutate({ messageId: edited.id, body: `final text ${replacement}` });
    await ana.client.message.delete.mutate({ messageId: deleted.id });
    expect(await found(ana.client, old)).toEqual([]);
    expect(await found(ana.client, replacement)).toEqual([`final text ${replacement}`]);
    expect(await found(ana.client, gone)).toEqual([]);
    expect(await found(ana.client, 'oops')).not.toContain(`oops ${gone}`);
  });

  it('searching needs a signed-in user', async () => {
    await expectCode(server.client().search.messages.query({ query: 'anything' }), 'UNAUTHORIZED');
  });
});

describe('paging', () => {
  it('pages return every hit exactly once, newest first', async () => {
    const ana = await server.signUp();
    const word = uniqueWord();
    const general = await ana.client.room.create.mutate({ name: 'Pages one', visibility: 'private' });
    const other = await ana.client.room.create.mutate({ name: 'Pages two', visibility: 'private' });
    const sent: number[] = [];
    for (let i = 0; i < 23; i++) {
      sent.push((await send(ana.client, i % 2 ? general.id : other.id, `${word} number ${i}`)).id);
      if (i % 5 === 0) await send(ana.client, general.id, 'unrelated chatter');
    }
    const seen: number[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof search>> = await search(ana.client, word, cursor, 7);
      expect(page.hits.length).toBeLessThanOrEqual(7);
      seen.push(...page.hits.map((hit) => hit.message.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(Math.ceil(23 / 7));
    expect(seen).toEqual([...sent].reverse());
  });
});
