import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer, TrpcJson } from '../harness.js';
import { expectCode, send, startChatServer } from '../chat/helpers.js';
import { found, search, uniqueWord } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startChatServer();
});
afterAll(() => server.close());

describe('hostile and malformed searches', () => {
  it('FTS5 syntax is searched as plain words, never run as syntax', async () => {
    const ana = await server.signUp();
    const tag = uniqueWord();
    const room = await ana.client.room.create.mutate({ name: 'Syntax', visibility: 'private' });
    await send(ana.client, room.id, `${tag} meet NEAR the station`);
    await send(ana.client, room.id, `${tag} body: secret`);
    await send(ana.client, room.id, `${tag} cats OR dogs`);

    expect(await found(ana.client, `${tag} NEAR`)).toEqual([`${tag} meet NEAR the station`]);
    expect(await found(ana.client, `${tag} body:secret`)).toEqual([`${tag} body: secret`]);
    expect(await found(ana.client, `${tag} cats OR`)).toEqual([`${tag} cats OR dogs`]);
    // as syntax these would match more (OR) or fail (NEAR(...), column filters)
    expect(await found(ana.client, `${tag} cats OR station`)).toEqual([]);
    for (const query of [
      `${tag} NEAR(meet station, 3)`,
      `${tag} "`,
      `${tag} ""`,
      `${tag} "meet NEAR`,
      `${tag} *`,
      `${tag} meet*`,
      `${tag} ^meet`,
      `${tag} {body}: meet`,
      `${tag} message_fts: x`,
      `${tag} rank:1`,
      `${tag} AND`,
      `${tag} NOT meet`,
      `${tag} (meet`,
      `${tag} ') OR 1=1; DROP TABLE message; --`,
      `${tag} \u0000 \u0002 \u0003`,
      `${tag} 😀 日本語`,
    ]) {
      const page = await search(ana.client, query);
      expect(Array.isArray(page.hits), query).toBe(true);
    }
    expect(await found(ana.client, tag)).toHaveLength(3);
  });

  it('a malformed search is BAD_REQUEST with a sentence saying what to fix', async () => {
    const ana = await server.signUp();
    const cases: [string, string][] = [
      ['', 'Type a word to search for'],
      ['   ', 'Type a word to search for'],
      ['* ( ) ^', 'Type a word to search for'],
      ['-secret', 'Add a word to search for'],
      ['x before:yesterday', 'before: needs a date like before:2026-11-30'],
      ['x after:2026-02-30', 'after: needs a date like'],
      ['x has:video', 'has: can be has:file, has:image or has:link'],
      [Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '), 'at most 16 words'],
    ];
    for (const [query, message] of cases) {
      const error = await expectCode(search(ana.client, query), 'BAD_REQUEST');
      expect(error.message, query.slice(0, 40)).toContain(message);
    }
    // 10,000 characters: the SDK refuses a URL that long itself, so this one goes over raw HTTP
    const input = encodeURIComponent(JSON.stringify({ query: 'x'.repeat(10_000) }));
    const response = await fetch(`${server.url}/trpc/search.messages?input=${input}`, { headers: { authorization: `Bearer ${ana.token}` } });
    const body = (await response.json()) as TrpcJson;
    expect(response.status).toBe(400);
    expect(body.error?.message).toContain('at most 500 characters');
    await expectCode(ana.client.search.messages.query({ query: 'x', cursor: -3 }), 'BAD_REQUEST');
    await expectCode(ana.client.search.messages.query({ query: 'x', limit: 1000 }), 'BAD_REQUEST');
    await expectCode(ana.client.search.messages.query({ query: 42 } as never), 'BAD_REQUEST');
  });
});
