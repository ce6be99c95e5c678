import { expect } from 'vitest';
import { TRPCClientError, type AppRouter, type ConfabClient } from '@confab/sdk';
import { startServer, type TestServer } from '../harness.js';

export { expectCode, rawSubscriber, streamEvents } from '../chat/helpers.js';

export const PASSWORD = 'correct horse battery';

let counter = 0;
export const uniqueEmail = (name: string, domain = 'example.com') =>
  `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}-${++counter}-${process.pid}@${domain}`;

/** A server with the real default, invite-only sign-up (the harness opens it for other tests), and loose sign-up limits. */
export function startTeamServer(options: { env?: Record<string, string>; dataDir?: string } = {}): Promise<TestServer> {
  return startServer({
    dataDir: options.dataDir,
    env: { DEFAULT_SIGNUP_MODE: 'invite', PUBLIC_ORIGIN: 'https://chat.example.com', ...options.env },
    build: {
      limits: {
        registerPerIp: { max: 10_000, windowMs: 60_000 },
        loginPerIp: { max: 10_000, windowMs: 60_000 },
        loginPerAccount: { max: 10_000, windowMs: 60_000 },
      },
      chat: { presenceGraceMs: 200 },
    },
  });
}

export interface Person {
  client: ConfabClient;
  token: string;
  user: { id: string; email: string; name: string };
}

/** First run through `auth.setup`: the team and its admin. */
export async function setUpTeam(server: TestServer, teamName = 'Acme'): Promise<Person> {
  const email = uniqueEmail('admin');
  const result = await server.client().auth.setup.mutate({ teamName, email, name: 'Ada Admin', password: PASSWORD, issueToken: true });
  if (!result.token) throw new Error('setup issued no token');
  return { client: server.client(result.token), token: result.token, user: { id: result.user.id, email, name: result.user.name } };
}

/** Signs up through an invite code (made by `inviter` unless one is given). */
export async function join(server: TestServer, inviter: Person, name: string, options: { code?: string; email?: string } = {}): Promise<Person> {
  const code = options.code ?? (await inviter.client.invite.create.mutate({})).code;
  const email = options.email ?? uniqueEmail(name);
  const result = await server.client().auth.register.mutate({ email, name, password: PASSWORD, inviteCode: code, issueToken: true });
  if (!result.token) throw new Error('register issued no token');
  return { client: server.client(result.token), token: result.token, user: { id: result.user.id, email, name } };
}

/** The code of a tRPC failure, or null when the call succeeded. */
export async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCClientError);
    return (error as TRPCClientError<AppRouter>).data?.code ?? 'unknown';
  }
}

export async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to fail');
}
