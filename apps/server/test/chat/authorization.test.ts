import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError, type AppRouter, type ConfabClient } from '@confab/sdk';
import type { TestServer } from '../harness.js';
import { send, settle, startChatServer } from './helpers.js';

/**
 * Every procedure, called as a member of the room, as a signed-in stranger, and signed out.
 * A room you are not in does not exist for you (NOT_FOUND, never FORBIDDEN); signed out is UNAUTHORIZED.
 */
interface Fixture {
  roomId: string;
  messageId: number;
  memberId: string;
  strangerId: string;
  strangerEmail: string;
}

type Call = (client: ConfabClient, f: Fixture) => Promise<unknown>;
/** 'ok', or the error code a call was refused with */
type Outcome = string;

let server: TestServer;
let owner: ConfabClient;
let member: ConfabClient;
let memberId: string;
let stranger: ConfabClient;
let strangerId: string;
let strangerEmail: string;
let signedOut: ConfabClient;

beforeAll(async () => {
  server = await startChatServer();
  const o = await server.signUp();
  const m = await server.signUp();
  const s = await server.signUp();
  owner = o.client;
  member = m.client;
  memberId = m.user.id;
  stranger = s.client;
  strangerId = s.user.id;
  strangerEmail = s.user.email;
  signedOut = server.client();
});
afterAll(() => server.close());

/** A fresh private group (owner + member) holding one message by the member, so destructive calls cannot affect other rows. */
async function fixture(): Promise<Fixture> {
  const room = await owner.room.create.mutate({ name: `Auth ${randomUUID().slice(0, 8)}`, visibility: 'private', memberIds: [memberId] });
  const message = await send(member, room.id, 'authz');
  return { roomId: room.id, messageId: message.id, memberId, strangerId, strangerEmail };
}

async function outcome(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCClientError) return (error as TRPCClientError<AppRouter>).data?.code ?? `no code: ${error.message}`;
    throw error;
  }
}

/** A subscription resolves if it starts and reports no error for a moment, and rejects with its error otherwise. */
function subscription(
  subscribe: (handlers: { onStarted(): void; onError(error: unknown): void; onData(): void }) => { unsubscribe(): void },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const handle = subscribe({
      onStarted: () =>
        void settle(500).then(() => {
          handle.unsubscribe();
          resolve();
        }),
      onData: () => undefined,
      onError: (error) => {
        handle.unsubscribe();
        reject(error);
      },
    });
  });
}

const roomScoped: Array<[string, Call]> = [
  ['room.byId', (c, f) => c.room.byId.query({ roomId: f.roomId })],
  ['room.members', (c, f) => c.room.members.query({ roomId: f.roomId })],
  ['room.join', (c, f) => c.room.join.mutate({ roomId: f.roomId })],
  ['room.leave', (c, f) => c.room.leave.mutate({ roomId: f.roomId })],
  ['room.addMembers', (c, f) => c.room.addMembers.mutate({ roomId: f.roomId, userIds: [f.strangerId] })],
  ['room.markRead', (c, f) => c.room.markRead.mutate({ roomId: f.roomId, messageId: f.messageId })],
  ['message.send', (c, f) => c.message.send.mutate({ roomId: f.roomId, body: 'hi', clientId: randomUUID() })],
  ['message.history', (c, f) => c.message.history.query({ roomId: f.roomId })],
  ['message.edit', (c, f) => c.message.edit.mutate({ messageId: f.messageId, body: 'edited' })],
  ['message.delete', (c, f) => c.message.delete.mutate({ messageId: f.messageId })],
  ['message.react', (c, f) => c.message.react.mutate({ messageId: f.messageId, emoji: '👍' })],
  ['typing.set', (c, f) => c.typing.set.mutate({ roomId: f.roomId, isTyping: true })],
  ['typing.onChange {roomId}', (c, f) => subscription((h) => c.typing.onChange.subscribe({ roomId: f.roomId }, h))],
];

describe.each(roomScoped)('%s', (_name, call) => {
  it('works for a member', async () => {
    expect(await outcome(call(member, await fixture()))).toBe('ok');
  });
  it('is NOT_FOUND for a signed-in user who is not in the room', async () => {
    expect(await outcome(call(stranger, await fixture()))).toBe('NOT_FOUND');
  });
  it('is UNAUTHORIZED when signed out', async () => {
    expect(await outcome(call(signedOut, await fixture()))).toBe('UNAUTHORIZED');
  });
});

it('room.update works for the owner, is FORBIDDEN for a plain member, NOT_FOUND for a stranger, UNAUTHORIZED signed out', async () => {
  const f = await fixture();
  const update = (c: ConfabClient) => outcome(c.room.update.mutate({ roomId: f.roomId, topic: 'new topic' }));
  expect([await update(owner), await update(member), await update(stranger), await update(signedOut)]).toEqual([
    'ok',
    'FORBIDDEN',
    'NOT_FOUND',
    'UNAUTHORIZED',
  ]);
});

const unscoped: Array<[string, Call]> = [
  ['contact.list', (c) => c.contact.list.query()],
  ['contact.add', (c, f) => c.contact.add.mutate({ email: f.strangerEmail })],
  [
    'contact.remove',
    async (c, f) => {
      await c.contact.add.mutate({ email: f.strangerEmail }).catch(() => undefined);
      return c.contact.remove.mutate({ userId: f.strangerId });
    },
  ],
  ['room.list', (c) => c.room.list.query()],
  ['room.create', (c) => c.room.create.mutate({ name: 'Mine', visibility: 'private' })],
  ['room.openDirect', (c, f) => c.room.openDirect.mutate({ userId: f.strangerId })],
  ['room.browse', (c) => c.room.browse.query()],
  ['sync.onEvent', (c) => subscription((h) => c.sync.onEvent.subscribe({ lastEventId: null }, h))],
  ['presence.onChange', (c) => subscription((h) => c.presence.onChange.subscribe(undefined, h))],
  ['typing.onChange (all rooms)', (c) => subscription((h) => c.typing.onChange.subscribe({}, h))],
];

describe.each(unscoped)('%s', (_name, call) => {
  it('works when signed in and is UNAUTHORIZED when signed out', async () => {
    const f = await fixture();
    expect(await outcome(call(member, f))).toBe('ok');
    expect(await outcome(call(signedOut, f))).toBe('UNAUTHORIZED');
  });
});

it('a room id that never existed looks exactly like a room you are not in', async () => {
  const missing = { roomId: 'no-such-room', messageId: 999_999_999, memberId, strangerId, strangerEmail };
  for (const [, call] of roomScoped) expect(await outcome(call(member, missing))).toBe('NOT_FOUND');
});
