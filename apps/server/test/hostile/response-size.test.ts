import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, type TrpcJson } from '../harness.js';
import { expectStillServes } from './helpers.js';

// One tRPC HTTP answer is capped (TRPC_MAX_RESPONSE_BYTES, 8 MB): the worst batch a client may
// send, 20 history pages of 100 messages of the longest body, would be ~24 MB.

let server: TestServer;
let token: string;
let roomId: string;
beforeAll(async () => {
  server = await startServer({ build: { limits: { sendsPerUser: { max: 10_000, windowMs: 1_000 } } } });
  const me = await server.signUp();
  token = me.token;
  roomId = (await me.client.room.create.mutate({ name: 'Long reads', visibility: 'private' })).id;
  // 4,000 characters of 3 bytes each: the longest body, at its heaviest
  const body = '€'.repeat(4000);
  for (let i = 0; i < 100; i += 20) {
    await Promise.all(Array.from({ length: 20 }, () => me.client.message.send.mutate({ roomId, body, clientId: randomUUID() })));
  }
});
afterAll(() => server.close());

async function historyBatch(calls: number): Promise<{ status: number; bytes: number; json: unknown }> {
  const paths = Array.from({ length: calls }, () => 'message.history').join(',');
  const input = Object.fromEntries(Array.from({ length: calls }, (_, i) => [String(i), { roomId, limit: 100 }]));
  const response = await fetch(`${server.url}/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  return { status: response.status, bytes: Buffer.byteLength(text), json: JSON.parse(text) as unknown };
}

describe('the size of one answer', () => {
  it('a batch of 20 full history pages of the longest bodies is PAYLOAD_TOO_LARGE, saying how to ask for less', async () => {
    const answer = await historyBatch(20);
    expect(answer.status).toBe(413);
    expect(answer.bytes).toBeLessThan(1_000);
    const error = (answer.json as TrpcJson).error;
    expect(error?.data.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error?.message).toMatch(
      /^The answer to this request would be 2\d\.\d MB, over the 8 MB limit: ask for fewer calls at once or smaller pages/,
    );
    await expectStillServes(server);
  });

  it('a batch under the cap is answered whole, each call with its page', async () => {
    const answer = await historyBatch(6);
    expect(answer.status).toBe(200);
    expect(answer.bytes).toBeGreaterThan(6 * 1_200_000);
    expect(answer.bytes).toBeLessThan(8 * 1024 * 1024);
    const pages = answer.json as TrpcJson<{ messages: unknown[] }>[];
    expect(pages.map((page) => page.result?.data.messages.length)).toEqual([100, 100, 100, 100, 100, 100]);
  });
});
