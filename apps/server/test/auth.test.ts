import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TRPCClientError } from '@confab/sdk';
import type { AppRouter } from '@confab/api/router';
import { startServer, waitFor, type TestServer, type TrpcJson } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ build: { limits: { loginPerAccount: { max: 3, windowMs: 60_000 } } } });
});
afterAll(() => server.close());

const password = 'correct horse battery';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a TRPCClientError, got ${String(error)}`);
  return (error as TRPCClientError<AppRouter>).data?.code;
}

/** A client that sends everything, queries and mutations too, over one WebSocket. */
function socketOnlyClient(token: string, onClose?: (code?: number) => void) {
  const wsClient = createWSClient({
    url: `${server.url.replace('http', 'ws')}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token },
    retryDelayMs: () => 60_000,
    onClose: (cause) => onClose?.(cause?.code),
  });
  return { trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] }), wsClient };
}

describe('accounts over HTTP', () => {
  it('registers, signs in, reads me and signs out', async () => {
    const email = `ana-${Date.now()}@example.com`;
    const anonymous = server.client();
    const registered = await anonymous.auth.register.mutate({ email: `  ${email.toUpperCase()} `, name: ' Ana ', password, issueToken: true });
    expect(registered.user).toMatchObject({ email, name: 'Ana', avatarUrl: null });
    expect(registered.user).not.toHaveProperty('passwordHash');

    const login = await anonymous.auth.login.mutate({ email, password, issueToken: true });
    expect(login.token).toEqual(expect.any(String));
    const client = server.client(login.token);
    expect(await client.auth.me.query()).toMatchObject({ id: registered.user.id, email });

    await client.auth.logout.mutate();
    expect(await client.auth.me.query()).toBeNull();
    expect(await codeOf(client.user.updateProfile.mutate({ name: 'Nope' }))).toBe('UNAUTHORIZED');
  });

  it('login without issueToken returns no token (browsers use the cookie)', async () => {
    const { user } = await server.signUp();
    const result = await server.client().auth.login.mutate({ email: user.email, password });
    expect(result.token).toBeUndefined();
  });

  it('a duplicate e-mail is CONFLICT, whatever its case', async () => {
    const { user } = await server.signUp();
    expect(await codeOf(server.client().auth.register.mutate({ email: user.email.toUpperCase(), name: 'Twin', password }))).toBe('CONFLICT');
  });

  it('wrong password and unknown e-mail get the same UNAUTHORIZED answer', async () => {
    const { user } = await server.signUp();
    const failure = async (email: string) => {
      const error = await server
        .client()
        .auth.login.mutate({ email, password: 'not the password' })
        .then(
          () => null,
          (e: unknown) => e,
        );
      if (!(error instanceof TRPCClientError)) throw new Error('login should have failed');
      return [(error as TRPCClientError<AppRouter>).data?.code, error.message];
    };
    const wrongPassword = await failure(user.email);
    expect(wrongPassword).toEqual(['UNAUTHORIZED', 'Wrong email or password.']);
    expect(await failure('nobody@example.com')).toEqual(wrongPassword);
  });

  it('repeated failed sign-ins for one account are limited', async () => {
    const { user } = await server.signUp();
    const attempt = () => codeOf(server.client().auth.login.mutate({ email: user.email, password: 'guessing wrong' }));
    expect([await attempt(), await attempt(), await attempt()]).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED']);
    expect(await attempt()).toBe('TOO_MANY_REQUESTS');
    // Even the right password waits until the window passes: the limit is what stops guessing.
    expect(await codeOf(server.client().auth.login.mutate({ email: user.email, password }))).toBe('TOO_MANY_REQUESTS');
  });

  it('updates the profile name', async () => {
    const { client } = await server.signUp();
    expect(await client.user.updateProfile.mutate({ name: '  Bea  ' })).toMatchObject({ name: 'Bea' });
    expect(await codeOf(client.user.updateProfile.mutate({ name: '' }))).toBe('BAD_REQUEST');
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, scoped to / and expires; logout clears it', async () => {
    const response = await fetch(`${server.url}/trpc/auth.register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `cookie-${Date.now()}@example.com`, name: 'Cookie', password }),
    });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^confab_session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Expires=/);
    expect(setCookie).not.toMatch(/Secure/i);

    const cookie = setCookie.split(';')[0] ?? '';
    const me = (await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie } }).then((r) => r.json())) as TrpcJson;
    expect(me.result?.data).toMatchObject({ name: 'Cookie' });

    const logout = await fetch(`${server.url}/trpc/auth.logout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(logout.headers.get('set-cookie')).toMatch(/confab_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = (await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie } }).then((r) => r.json())) as TrpcJson;
    expect(after.result?.data).toBeNull();
  });

  it('is Secure when COOKIE_SECURE is set', async () => {
    const secure = await startServer({ env: { COOKIE_SECURE: 'true' } });
    try {
      const response = await fetch(`${secure.url}/trpc/auth.register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'secure@example.com', name: 'Sec', password }),
      });
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });
});

describe('accounts over WebSocket', () => {
  it('a bearer token in connectionParams signs the socket in', async () => {
    const { token, user } = await server.signUp('Socket');
    const { trpc, wsClient } = socketOnlyClient(token);
    try {
      expect(await trpc.auth.me.query()).toMatchObject({ id: user.id, name: 'Socket' });
      expect(await trpc.user.updateProfile.mutate({ name: 'Socket 2' })).toMatchObject({ name: 'Socket 2' });
    } finally {
      await wsClient.close();
    }
  });

  it('a bad token gives a signed-out socket, not a reconnect loop', async () => {
    const { trpc, wsClient } = socketOnlyClient('not-a-jwt');
    try {
      expect(await trpc.auth.me.query()).toBeNull();
      expect(await codeOf(trpc.user.updateProfile.mutate({ name: 'x' }))).toBe('UNAUTHORIZED');
    } finally {
      await wsClient.close();
    }
  });

  it('logout revokes at once: HTTP refuses the token and the open socket is closed', async () => {
    const { token, client } = await server.signUp();
    const closes: Array<number | undefined> = [];
    const { trpc, wsClient } = socketOnlyClient(token, (code) => closes.push(code));
    try {
      expect(await trpc.auth.me.query()).not.toBeNull();
      await client.auth.logout.mutate();
      await waitFor(() => closes.length > 0, 5_000, 'the socket to close');
      expect(closes[0]).toBe(4001);
      expect(await client.auth.me.query()).toBeNull();
      expect(await codeOf(client.user.updateProfile.mutate({ name: 'x' }))).toBe('UNAUTHORIZED');
    } finally {
      await wsClient.close();
    }
  });
});
