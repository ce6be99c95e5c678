import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@confab/sdk';
import { startServer, type TestServer } from '../harness.js';
import { expectStillServes, postJson, password } from './helpers.js';

// Names other people read: no text-direction tricks, no control characters, never invisible.

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ build: { limits: { registerPerIp: { max: 10_000, windowMs: 60_000 } } } });
});
afterAll(() => server.close());

const hostileNames: Array<[string, string, RegExp]> = [
  ['a right-to-left override', 'ana\u202Eexe.txt', /text-direction overrides/],
  ['a NUL', 'ana\u0000', /control characters/],
  ['an ESC sequence', '\u001b[31mana', /control characters/],
  ['a newline', 'ana\nAdmin: reset your password', /line breaks/],
  ['only zero-width spaces', '\u200b\u200b\u200b', /at least one visible character/],
  ['only a Hangul filler', '\u3164', /at least one visible character/],
];

describe('display names', () => {
  for (const [what, name, message] of hostileNames) {
    it(`${what} is BAD_REQUEST with a clear message`, async () => {
      const response = await postJson(`${server.url}/trpc/auth.register`, { email: `n${Math.random()}@example.com`, name, password }, {});
      expect(response.status).toBe(400);
      const body = JSON.parse(response.body) as { error: { message: string; data: { code: string } } };
      expect(body.error.data.code).toBe('BAD_REQUEST');
      expect(body.error.message).toMatch(message);
    });
  }

  it('a name is stored NFC-normalised, and profile updates are checked the same way', async () => {
    const { client } = await server.signUp('Jose\u0301');
    expect((await client.auth.me.query())?.name).toBe('Jos\u00e9');
    const refused = await client.user.updateProfile.mutate({ name: 'x\u202Ey' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<never>).data).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('room names', () => {
  it('create and rename refuse hostile names and keep ordinary ones', async () => {
    const { client } = await server.signUp();
    for (const [, name, message] of hostileNames) {
      await expect(client.room.create.mutate({ name, visibility: 'public' })).rejects.toThrow(message);
    }
    const room = await client.room.create.mutate({ name: 'Café ☕', visibility: 'public' });
    await expect(client.room.update.mutate({ roomId: room.id, name: '\u202E' })).rejects.toThrow(/text-direction overrides/);
    await expectStillServes(server);
  });
});
