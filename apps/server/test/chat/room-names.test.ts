import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@confab/db';
import type { TestServer } from '../harness.js';
import { legacyDatabase } from '../legacy-database.js';
import { expectCode, send, startChatServer } from './helpers.js';

// Issue 15, defect 4: group names are unique per server ignoring case, and a room whose last
// member left is archived and gone from Browse.

let server: TestServer;
beforeAll(async () => {
  server = await startChatServer();
});
afterAll(() => server.close());

describe('unique group names', () => {
  it('creating a group with a taken name, in any case, is a CONFLICT that says what to do', async () => {
    const ana = await server.signUp('Ana Names');
    const bo = await server.signUp('Bo Names');
    await ana.client.room.create.mutate({ name: 'Design', visibility: 'private' });
    const error = await expectCode(bo.client.room.create.mutate({ name: 'design', visibility: 'public' }), 'CONFLICT');
    expect(error.message).toBe('A room named "design" already exists: pick another name, or join that room.');
    await expectCode(bo.client.room.create.mutate({ name: '  DESIGN ', visibility: 'public' }), 'CONFLICT');
    // A DM has no name, and opening one is unaffected.
    await ana.client.room.openDirect.mutate({ userId: bo.user.id });
  });

  it('renaming onto another group’s name is a CONFLICT; changing only the case of my own name is fine', async () => {
    const ana = await server.signUp('Ana Rename');
    await ana.client.room.create.mutate({ name: 'Ops', visibility: 'private' });
    const mine = await ana.client.room.create.mutate({ name: 'Ops two', visibility: 'private' });
    await expectCode(ana.client.room.update.mutate({ roomId: mine.id, name: 'OPS' }), 'CONFLICT');
    expect((await ana.client.room.update.mutate({ roomId: mine.id, name: 'OPS TWO' })).name).toBe('OPS TWO');
    expect((await ana.client.room.update.mutate({ roomId: mine.id, topic: 'only the topic' })).topic).toBe('only the topic');
  });
});

describe('empty rooms', () => {
  it('a public room whose last member left is archived: gone from Browse, and its name is free again', async () => {
    const ana = await server.signUp('Ana Empty');
    const bo = await server.signUp('Bo Empty');
    const room = await ana.client.room.create.mutate({ name: 'Short lived', visibility: 'public' });
    await bo.client.room.join.mutate({ roomId: room.id });
    await send(bo.client, room.id, 'bye');
    await ana.client.room.leave.mutate({ roomId: room.id });
    expect((await bo.client.room.browse.query()).rooms.find((r) => r.id === room.id)).toMatchObject({ memberCount: 1 });
    await bo.client.room.leave.mutate({ roomId: room.id });

    const browse = (await ana.client.room.browse.query()).rooms;
    expect(browse.some((r) => r.id === room.id)).toBe(false);
    await expectCode(ana.client.room.join.mutate({ roomId: room.id }), 'NOT_FOUND');
    const again = await ana.client.room.create.mutate({ name: 'short lived', visibility: 'public' });
    expect(again.id).not.toBe(room.id);
  });
});

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('upgrading a server that has duplicates', () => {
  it('renames later duplicates "name (2)", "name (3)" and archives empty groups', () => {
    const { dataDir, file } = legacyDatabase('0009_unique_room_names', (old) => {
      old.prepare(`INSERT INTO user (id, email, name, password_hash) VALUES ('u1', 'u1@example.com', 'U One', 'x')`).run();
      const room = old.prepare(`INSERT INTO room (id, kind, name, visibility, created_at) VALUES (?, 'group', ?, 'public', ?)`);
      const member = old.prepare(`INSERT INTO membership (room_id, user_id) VALUES (?, 'u1')`);
      const rooms: [string, string, number][] = [
        ['a', 'dev', 1],
        ['b', 'Dev', 2],
        ['c', 'DEV', 3],
        ['d', 'dev (2)', 0],
        ['e', 'dev', 4], // empty: archived, so it keeps its name
        ['f', 'other', 5],
      ];
      for (const [id, name, createdAt] of rooms) {
        room.run(id, name, createdAt);
        if (id !== 'e') member.run(id);
      }
    });
    scratch.push(dataDir);

    const upgraded = createDb(file).$client;
    const after = upgraded.prepare(`SELECT id, name, archived_at IS NOT NULL AS archived FROM room ORDER BY id`).all();
    upgraded.close();
    expect(after).toEqual([
      { id: 'a', name: 'dev', archived: 0 },
      { id: 'b', name: 'Dev (2) (b)', archived: 0 },
      { id: 'c', name: 'DEV (3)', archived: 0 },
      { id: 'd', name: 'dev (2)', archived: 0 },
      { id: 'e', name: 'dev', archived: 1 },
      { id: 'f', name: 'other', archived: 0 },
    ]);
  });
});
