import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '@confab/db';
import type { TestServer } from '../harness.js';
import { expectCode, rawSubscriber, streamEvents } from '../chat/helpers.js';
import { closed, startIntegrationServer } from './helpers.js';

let server: TestServer;
let serverLog: () => string;
/** every key and secret handed out in this file: none may show in the log or a later answer */
const secrets: string[] = [];
const answers: unknown[] = [];

let admin: Awaited<ReturnType<TestServer['signUp']>>;
beforeAll(async () => {
  ({ server, log: serverLog } = await startIntegrationServer());
  // The first account on a fresh server is its admin.
  admin = await server.signUp('Admin');
});
afterAll(() => server.close());

describe('personal API keys', () => {
  it('authenticate HTTP and the WebSocket like a session, are listed without the key, and stop at once when revoked (socket closed)', async () => {
    const ana = await server.signUp('Ana');
    const { apiKey, key } = await ana.client.apiKey.create.mutate({ label: 'deploy script', expiresInDays: 30 });
    secrets.push(apiKey);
    expect(apiKey).toMatch(/^cfk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey.startsWith(key.prefix)).toBe(true);
    expect(key).toMatchObject({ label: 'deploy script', expired: false, lastUsedAt: null });

    const script = server.client(apiKey);
    expect(await script.auth.me.query()).toMatchObject({ id: ana.user.id });
    const room = await script.room.create.mutate({ name: 'Scripted', visibility: 'private' });
    const stream = streamEvents(script);
    await stream.started;
    await ana.client.message.send.mutate({ roomId: room.id, body: 'to the script', clientId: randomUUID() });
    await stream.until((event) => event.type === 'message.created' && event.message.body === 'to the script');

    const listed = await ana.client.apiKey.list.query();
    answers.push(listed);
    expect(listed.map((row) => row.id)).toEqual([key.id]);

    const socket = await rawSubscriber(server, apiKey);
    const socketClosed = closed(socket);
    const started = Date.now();
    await ana.client.apiKey.revoke.mutate({ keyId: key.id });
    expect((await socketClosed).at - started).toBeLessThan(1_000);
    await expectCode(server.client(apiKey).room.list.query(), 'UNAUTHORIZED');
    expect(await server.client(apiKey).auth.me.query()).toBeNull();
    expect(await ana.client.apiKey.list.query()).toEqual([]);
    await expectCode(ana.client.apiKey.revoke.mutate({ keyId: key.id }), 'NOT_FOUND');
    stream.stop();
  });

  it('cannot make, list or revoke keys when the call itself comes with a key; bad input is a typed error that says what to fix', async () => {
    const ben = await server.signUp('Ben');
    const { apiKey } = await ben.client.apiKey.create.mutate({ label: 'cron' });
    secrets.push(apiKey);
    const withKey = server.client(apiKey);
    expect((await expectCode(withKey.apiKey.create.mutate({ label: 'another' }), 'FORBIDDEN')).message).toMatch(/sign in with your password/);
    await expectCode(withKey.apiKey.list.query(), 'FORBIDDEN');
    expect((await expectCode(ben.client.apiKey.create.mutate({ label: '  ' }), 'BAD_REQUEST')).message).toMatch(/Label cannot be empty/);
    expect((await expectCode(ben.client.apiKey.create.mutate({ label: 'x', expiresInDays: 0 }), 'BAD_REQUEST')).message).toMatch(
      /expiresInDays must be at least 1/,
    );
    await expectCode(server.client().apiKey.create.mutate({ label: 'anonymous' }), 'UNAUTHORIZED');
    expect(await server.client('cfk_not-a-real-key-at-all-000000000000000000000').auth.me.query()).toBeNull();
  });
  it('a person deactivated by another process (the CLI) loses their keys too: the open socket closes, the key stops', async () => {
    const leaver = await server.signUp('Leaver');
    const { apiKey } = await leaver.client.apiKey.create.mutate({ label: 'nightly' });
    secrets.push(apiKey);
    const socket = await rawSubscriber(server, apiKey);
    const socketClosed = closed(socket);
    // Another connection to the same file, as `confab deactivate` would be.
    const other = openSqlite(path.join(server.dataDir, 'confab.db'));
    other.prepare('UPDATE user SET deactivated_at = ? WHERE id = ?').run(Date.now(), leaver.user.id);
    other.close();
    await socketClosed;
    await expectCode(server.client(apiKey).room.list.query(), 'UNAUTHORIZED');
  });
});

describe('bots', () => {
  it('an admin makes a bot whose key authenticates HTTP and WS; added to a room it receives the room events through the SDK and posts with a bot badge', async () => {
    const { bot, apiKey } = await admin.client.bot.create.mutate({ name: 'Deploy Bot' });
    secrets.push(apiKey);
    expect(bot).toMatchObject({ name: 'Deploy Bot', kind: 'bot', owner: { id: admin.user.id } });
    const botClient = server.client(apiKey);
    const room = await admin.client.room.create.mutate({ name: 'Ops', visibility: 'private', memberIds: [bot.id] });
    const stream = streamEvents(botClient);
    await stream.started;
    await admin.client.message.send.mutate({ roomId: room.id, body: 'deploy please', clientId: randomUUID() });
    await stream.until((event) => event.type === 'message.created' && event.message.body === 'deploy please');
    const sent = await botClient.send(room.id, 'deployed 812');
    const { messages } = await admin.client.message.history.query({ roomId: room.id });
    expect(messages.find((message) => message.id === sent.id)?.author).toMatchObject({ id: bot.id, name: 'Deploy Bot', kind: 'bot' });
    expect(messages.find((message) => message.body === 'deploy please')?.author.kind).toBeUndefined();
    // A DM with the bot works like one with a person.
    const direct = await admin.client.room.openDirect.mutate({ userId: bot.id });
    await admin.client.message.send.mutate({ roomId: direct.id, body: 'psst', clientId: randomUUID() });
    await stream.until((event) => event.type === 'message.created' && event.message.body === 'psst');
    const listed = await admin.client.bot.list.query();
    answers.push(listed);
    expect(listed.map((row) => row.id)).toContain(bot.id);
    stream.stop();
  });

  it('a rotated key stops at once and its open socket closes; the new key works; a deleted bot stops the same way and its messages stay', async () => {
    const { bot, apiKey: oldKey } = await admin.client.bot.create.mutate({ name: 'Rotating Bot' });
    secrets.push(oldKey);
    const room = await admin.client.room.create.mutate({ name: 'Rotation', visibility: 'private', memberIds: [bot.id] });
    await server.client(oldKey).send(room.id, 'before rotation');
    const socket = await rawSubscriber(server, oldKey);
    const socketClosed = closed(socket);
    const started = Date.now();
    const rotated = await admin.client.bot.rotateKey.mutate({ botId: bot.id });
    secrets.push(rotated.apiKey);
    expect((await socketClosed).at - started).toBeLessThan(1_000);
    await expectCode(server.client(oldKey).room.list.query(), 'UNAUTHORIZED');
    expect(await server.client(rotated.apiKey).auth.me.query()).toMatchObject({ id: bot.id });
    expect(rotated.bot.keyPrefix && rotated.apiKey.startsWith(rotated.bot.keyPrefix)).toBe(true);

    const second = await rawSubscriber(server, rotated.apiKey);
    const secondClosed = closed(second);
    await admin.client.bot.delete.mutate({ botId: bot.id });
    await secondClosed;
    await expectCode(server.client(rotated.apiKey).room.list.query(), 'UNAUTHORIZED');
    expect((await admin.client.bot.list.query()).map((row) => row.id)).not.toContain(bot.id);
    const { messages } = await admin.client.message.history.query({ roomId: room.id });
    expect(messages.map((message) => message.body)).toEqual(['before rotation']);
    await expectCode(admin.client.bot.rotateKey.mutate({ botId: bot.id }), 'NOT_FOUND');
  });

  it('a member may make bots only when an admin allows it, and manages only their own; a bot never shows as online', async () => {
    const member = await server.signUp('Member');
    expect((await expectCode(member.client.bot.create.mutate({ name: 'Mine' }), 'FORBIDDEN')).message).toMatch(/Only an admin/);
    await admin.client.admin.updateTeam.mutate({ membersCanCreateBots: true });
    const { bot, apiKey } = await member.client.bot.create.mutate({ name: 'Mine' });
    secrets.push(apiKey);
    const adminsBot = await admin.client.bot.create.mutate({ name: 'Admins' });
    secrets.push(adminsBot.apiKey);
    expect((await member.client.bot.list.query()).map((row) => row.id)).toEqual([bot.id]);
    await expectCode(member.client.bot.rotateKey.mutate({ botId: adminsBot.bot.id }), 'NOT_FOUND');
    await expectCode(member.client.bot.update.mutate({ botId: adminsBot.bot.id, name: 'Taken over' }), 'NOT_FOUND');
    expect(await member.client.bot.update.mutate({ botId: bot.id, name: 'Renamed' })).toMatchObject({ name: 'Renamed' });
    expect((await expectCode(member.client.bot.create.mutate({ name: '\u202e' }), 'BAD_REQUEST')).message).toMatch(/Bot name/);
    await expectCode(server.client(apiKey).bot.create.mutate({ name: 'Bot of a bot' }), 'FORBIDDEN');
    await expectCode(server.client(apiKey).apiKey.create.mutate({ label: 'more' }), 'FORBIDDEN');
    await admin.client.admin.updateTeam.mutate({ membersCanCreateBots: false });

    // With its socket open, the bot is still not online for anyone.
    const socket = await rawSubscriber(server, apiKey);
    const room = await member.client.room.create.mutate({ name: 'With bot', visibility: 'private', memberIds: [bot.id] });
    const members = await member.client.room.byId.query({ roomId: room.id });
    answers.push(members);
    expect(JSON.stringify(members)).not.toContain(apiKey);
    const directory = await member.client.user.directory.query({});
    expect(directory.find((entry) => entry.user.id === bot.id)).toMatchObject({ online: false, user: { kind: 'bot' } });
    socket.close();
  });
});

describe('what is never shown again', () => {
  it('no key appears in the server log (at trace) or in any answer after the one that created it', async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    const log = serverLog();
    expect(log.length).toBeGreaterThan(1_000);
    const seen = JSON.stringify(answers);
    for (const secret of secrets) {
      expect(log).not.toContain(secret);
      expect(log).not.toContain(secret.slice(12));
      expect(seen).not.toContain(secret);
    }
  });
});
