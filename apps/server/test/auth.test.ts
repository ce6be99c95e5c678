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
      const error = await server.client().auth.login.mutate({ email, password: 'not the password' }).then(
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

    const logout = await fetch(`${server.url}/trpc/auth.logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
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

describe('the WebSocket upgrade', () => {
  async function upgrade(headers: Record<string, string>): Promise<number | 'open'> {
    return new Promise((resolve) => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/trpc`, { headers });
      socket.once('open', () => {
        socket.close();
        resolve('open');
      });
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('error', () => {});
    });
  }

  it('refuses a cookie from a foreign origin and accepts our own origin and bearer programs', async () => {
    const { token } = await server.signUp();
    const cookie = `confab_session=${token}`;
    expect(await upgrade({ cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade({ cookie })).toBe(403);
    expect(await upgrade({ cookie, origin: server.url })).toBe('open');
    expect(await upgrade({})).toBe('open');
  });
});

describe('WebSocket keepalive', () => {
  it('the server pings idle sockets, keeps those that answer and drops those that do not', async () => {
    const quick = await startServer({ build: { keepAlive: { pingMs: 200, pongWaitMs: 1_000 } } });
    const open = (answer: boolean) =>
      new Promise<{ pings: number; isOpen: boolean; closed: Promise<void> }>((resolve) => {
        const socket = new WebSocket(`${quick.url.replace('http', 'ws')}/trpc`);
        const state = {
          pings: 0,
          isOpen: true,
          closed: new Promise<void>((done) =>
            socket.once('close', () => {
              state.isOpen = false;
              done();
            }),
          ),
        };
        socket.on('message', (data) => {
          if (data.toString() !== 'PING') return;
          state.pings++;
          if (answer) socket.send('PONG');
        });
        socket.once('open', () => resolve(state));
      });
    try {
      const answering = await open(true);
      const silent = await open(false);
      await silent.closed;
      expect(silent.pings).toBeGreaterThanOrEqual(1);
      await waitFor(() => quick.app.websocketServer.clients.size === 1, 5_000, 'the server to drop the silent socket');
      // The one that answers outlives several ping rounds.
      const seen = answering.pings;
      await waitFor(() => answering.pings >= seen + 3, 5_000, 'three more pings');
      expect(answering.isOpen).toBe(true);
    } finally {
      await quick.close();
    }
  });
});

describe('malformed input', () => {
  async function post(path: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as TrpcJson };
  }

  it('missing fields and wrong types are BAD_REQUEST with a message naming the field', async () => {
    const missing = await post('auth.register', JSON.stringify({ email: 'x@example.com' }));
    expect(missing.status).toBe(400);
    expect(missing.body.error?.data.code).toBe('BAD_REQUEST');
    expect(missing.body.error?.message).toMatch(/name/);
    expect(missing.body.error?.message).toMatch(/password/);

    const wrongType = await post('auth.login', JSON.stringify({ email: 42, password: ['x'] }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error?.message).toMatch(/email/);

    const badEmail = await post('auth.register', JSON.stringify({ email: 'not-an-email', name: 'A', password }));
    expect(badEmail.body.error?.message).toMatch(/valid email/);

    const shortPassword = await post('auth.register', JSON.stringify({ email: 'short@example.com', name: 'A', password: 'short' }));
    expect(shortPassword.body.error?.message).toMatch(/at least 8/);

    const notJson = await post('auth.login', '{"email":');
    expect(notJson.status).toBe(400);
  });

  it('2 MB strings are refused without harm', async () => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    const response = await post('auth.register', JSON.stringify({ email: 'big@example.com', name: huge, password: huge }));
    expect(response.status).toBe(413);
    const justUnder = await post('auth.register', JSON.stringify({ email: 'big@example.com', name: 'x'.repeat(500_000), password }));
    expect(justUnder.status).toBe(400);
    expect(justUnder.body.error?.message).toMatch(/at most 80/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('bad, expired and alg:none tokens are simply signed out', async () => {
    const { token, user } = await server.signUp();
    const [header, payload] = token.split('.');
    const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { sub: string; sid: string };
    const forged = [
      'garbage',
      `${header}.${payload}.invalidsignature`,
      `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: user.id, sid: claims.sid })}.`,
      `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: user.id, sid: claims.sid })}`,
      `${header}.${base64url({ ...claims, exp: 1 })}.${token.split('.')[2]}`,
    ];
    for (const bad of forged) {
      const response = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${bad}` } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as TrpcJson).result?.data).toBeNull();
      const cookieResponse = await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie: `confab_session=${bad}` } });
      expect(((await cookieResponse.json()) as TrpcJson).result?.data).toBeNull();
    }
    expect(await server.client(token).auth.me.query()).not.toBeNull();
  });

  it('an unknown procedure is NOT_FOUND and an unknown route is a JSON 404', async () => {
    const unknown = await fetch(`${server.url}/trpc/auth.nothing`);
    expect(unknown.status).toBe(404);
    const route = await fetch(`${server.url}/api/nothing`);
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({ error: 'Not Found' });
  });
});

describe('HTTP responses', () => {
  it('carry security headers', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
