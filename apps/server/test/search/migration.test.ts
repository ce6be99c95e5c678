import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { startServer } from '../harness.js';
import { legacyDatabase } from '../legacy-database.js';
import { send } from '../chat/helpers.js';
import { found } from './helpers.js';

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

it('upgrading a server indexes the messages it already had, and keeps indexing new ones', async () => {
  // A database as a server from before search left it, with a conversation in it.
  const { dataDir } = legacyDatabase('0006_search', (sqlite) => {
    expect(sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'message_fts'`).get()).toEqual({ n: 0 });
    sqlite.prepare(`INSERT INTO user (id, email, name, password_hash) VALUES ('old-author', 'old@example.com', 'Old Timer', 'x')`).run();
    sqlite.prepare(`INSERT INTO room (id, kind, name, visibility) VALUES ('old-room', 'group', 'Old times', 'private')`).run();
    // its author is still in it (a group nobody is in is archived by a later migration)
    sqlite.prepare(`INSERT INTO membership (room_id, user_id) VALUES ('old-room', 'old-author')`).run();
    const insert = sqlite.prepare(`INSERT INTO message (room_id, author_id, body, client_id) VALUES ('old-room', 'old-author', ?, ?)`);
    insert.run('the archive from before search', 'old-1');
    insert.run('another archived decision', 'old-2');
    insert.run('nothing to see', 'old-3');
  });
  scratch.push(dataDir);

  const server = await startServer({ dataDir });
  try {
    const ana = await server.signUp();
    server.app.confab.db.$client.prepare(`INSERT INTO membership (room_id, user_id) VALUES ('old-room', ?)`).run(ana.user.id);
    expect(await found(ana.client, 'archive')).toEqual(['another archived decision', 'the archive from before search']);
    await send(ana.client, 'old-room', 'a new archive entry');
    expect(await found(ana.client, 'archive')).toHaveLength(3);
  } finally {
    await server.close({ keepData: true });
  }
});
