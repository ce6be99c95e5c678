import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../harness.js';
import { expectCode, streamEvents } from '../chat/helpers.js';
import { startIntegrationServer } from './helpers.js';

const run = promisify(execFile);

let server: TestServer;
let serverLog: () => string;
let ana: Awaited<ReturnType<TestServer['signUp']>>;
beforeAll(async () => {
  ({ server, log: serverLog } = await startIntegrationServer());
  ana = await server.signUp('Ana');
});
afterAll(() => server.close());

/** The webhook URL as this test server answers it (PUBLIC_ORIGIN is http://127.0.0.1, the port is the test's). */
const local = (url: string) => url.replace('http://127.0.0.1', server.url);

async function roomWithHook(name = 'CI') {
  const room = await ana.client.room.create.mutate({ name: `dev-${randomUUID().slice(0, 8)}`, visibility: 'private' });
  const { url, webhook } = await ana.client.webhook.create.mutate({ roomId: room.id, name });
  return { room, url, hook: local(url), webhook };
}

const post = (url: string, body: string, contentType = 'text/plain') =>
  fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('incoming webhooks', () => {
  it("the README's one-line curl posts the text into the room as the webhook's bot, live to members, and answers 201 with the id", async () => {
    const { room, url, hook, webhook } = await roomWithHook();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1\/hooks\/[A-Za-z0-9_-]{43}$/);
    const stream = streamEvents(ana.client);
    await stream.started;
    const { stdout } = await run('curl', ['-sS', '-w', '\\n%{http_code}', '-X', 'POST', '-d', 'build 812 failed', hook]);
    const [body, status] = stdout.trim().split('\n');
    expect(status).toBe('201');
    const { id } = JSON.parse(body ?? '{}') as { id: number };
    const [created] = await stream.until((event) => event.type === 'message.created' && event.message.id === id);
    expect(created).toMatchObject({
      roomId: room.id,
      message: { body: 'build 812 failed', author: { id: webhook.bot.id, name: 'CI', kind: 'bot' } },
    });
    expect((await ana.client.message.history.query({ roomId: room.id })).messages.map((message) => message.body)).toEqual(['build 812 failed']);
    expect((await ana.client.webhook.list.query({ roomId: room.id }))[0]).toMatchObject({
      id: webhook.id,
      name: 'CI',
      createdBy: { id: ana.user.id },
    });
    stream.stop();
  });

  it('a JSON body with a clientId posts exactly once, however often it is retried', async () => {
    const { room, hook } = await roomWithHook();
    const payload = JSON.stringify({ text: 'deploy 42 done', clientId: 'deploy-42' });
    const answers = await Promise.all([1, 2, 3].map(() => post(hook, payload, 'application/json')));
    const ids = await Promise.all(answers.map(async (answer) => ((await answer.json()) as { id: number }).id));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(new Set(ids).size).toBe(1);
    const again = await run('curl', ['-sS', '-H', 'content-type: application/json', '-d', payload, hook]);
    expect((JSON.parse(again.stdout) as { id: number }).id).toBe(ids[0]);
    expect((await ana.client.message.history.query({ roomId: room.id })).messages.map((message) => message.body)).toEqual(['deploy 42 done']);
  });

  it('a revoked webhook answers 404, exactly like a URL that never existed', async () => {
    const { room, hook, webhook } = await roomWithHook();
    expect((await post(hook, 'still here')).status).toBe(201);
    await ana.client.webhook.revoke.mutate({ webhookId: webhook.id });
    const revoked = await post(hook, 'gone');
    const unknown = await post(hook.replace(/hooks\/.*/, `hooks/${'A'.repeat(43)}`), 'gone');
    expect(revoked.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await revoked.text()).toBe(await unknown.text());
    expect(await ana.client.webhook.list.query({ roomId: room.id })).toEqual([]);
    await expectCode(ana.client.webhook.revoke.mutate({ webhookId: webhook.id }), 'NOT_FOUND');
  });

  it('refuses empty, oversized and malformed bodies with 400 and a sentence saying what to send', async () => {
    const { room, hook } = await roomWithHook();
    const cases: [string, string, RegExp][] = [
      ['', 'text/plain', /empty/],
      ['   \n ', 'text/plain', /empty/],
      ['x'.repeat(4001), 'text/plain', /too long/],
      ['x'.repeat(100_000), 'text/plain', /too long/],
      ['{"text": ', 'application/json', /not valid JSON/],
      ['[1]', 'application/json', /must be an object/],
      ['{"text": 5}', 'application/json', /body must be text/],
      ['{"text": "ok", "clientId": ""}', 'application/json', /clientId cannot be empty/],
    ];
    for (const [body, type, message] of cases) {
      const answer = await post(hook, body, type);
      expect(answer.status, body.slice(0, 20)).toBe(400);
      expect(((await answer.json()) as { message: string }).message).toMatch(message);
    }
    expect((await ana.client.message.history.query({ roomId: room.id })).messages).toEqual([]);
  });

  it('past its rate limit a webhook answers 429 with Retry-After, and other webhooks still post', async () => {
    const { hook } = await roomWithHook('Noisy');
    const quiet = await roomWithHook('Quiet');
    let refused: Response | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      const answer = await post(hook, `spam ${i}`);
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(201);
    }
    if (!refused) throw new Error('never rate-limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { message: string }).message).toMatch(/Try again in \d+ seconds/);
    expect((await post(quiet.hook, 'still fine')).status).toBe(201);
  });

  it('only members of a room can make, list or revoke its webhooks; for anyone else the room is NOT_FOUND', async () => {
    const { room, webhook } = await roomWithHook();
    const outsider = await server.signUp('Outsider');
    await expectCode(outsider.client.webhook.create.mutate({ roomId: room.id, name: 'Sneaky' }), 'NOT_FOUND');
    await expectCode(outsider.client.webhook.create.mutate({ roomId: 'no-such-room', name: 'Sneaky' }), 'NOT_FOUND');
    await expectCode(outsider.client.webhook.list.query({ roomId: room.id }), 'NOT_FOUND');
    await expectCode(outsider.client.webhook.revoke.mutate({ webhookId: webhook.id }), 'NOT_FOUND');
    expect((await expectCode(ana.client.webhook.create.mutate({ roomId: room.id, name: '' }), 'BAD_REQUEST')).message).toMatch(
      /Webhook name cannot be empty/,
    );
  });

  it('its URL never reaches the log, and never comes back in an answer after the one that created it', async () => {
    const { room, url, hook } = await roomWithHook();
    expect((await post(hook, 'logged?')).status).toBe(201);
    expect((await post(`${hook}?x=1`, 'logged?')).status).toBe(201);
    const secret = url.slice(url.lastIndexOf('/') + 1);
    const answers = JSON.stringify([
      await ana.client.webhook.list.query({ roomId: room.id }),
      await ana.client.message.history.query({ roomId: room.id }),
      await ana.client.room.list.query(),
    ]);
    expect(answers).not.toContain(secret);
    expect(serverLog()).toContain('/hooks/[redacted]');
    expect(serverLog()).not.toContain(secret);
  });
});
