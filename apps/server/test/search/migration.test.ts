import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDb } from '@confab/db';
import { startServer, tempDataDir } from '../harness.js';
import { send } from '../chat/helpers.js';
import { found } from './helpers.js';

const repoMigrations = path.resolve(import.meta.dirname, '../../../../drizzle');
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** the committed migrations up to (not including) `tag`: a server as it was before that release */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'confab-migrations-'));
  scratch.push(folder);
  cpSync(repoMigrations, folder, { recursive: true });
  const journalPath = path.join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(cut, `migration ${tag}`).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return folder;
}

it('upgrading a server indexes the messages it already had, and keeps indexing new ones', async () => {
  const dataDir = tempDataDir();
  scratch.push(dataDir);
  // A database as a server from before search left it, with a conversation in it.
  const old = createDb(path.join(dataDir, 'confab.db'), { migrationsFolder: migrationsBefore('0006_search') });
  const sqlite = old.$client;
  expect(sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'message_fts'`).get()).toEqual({ n: 0 });
  sqlite.prepare(`INSERT INTO user (id, email, name, password_hash) VALUES ('old-author', 'old@example.com', 'Old Timer', 'x')`).run();
  sqlite.prepare(`INSERT INTO room (id, kind, name, visibility) VALUES ('old-room', 'group', 'Old times', 'private')`).run();
  // its author is still in it (a group nobody is in is archived by a later migration)
  sqlite.prepare(`INSERT INTO membership (room_id, user_id) VALUES ('old-room', 'old-author')`).run();
  const insert = sqlite.prepare(`INSERT INTO message (room_id, author_id, body, client_id) VALUES ('old-room', 'old-author', ?, ?)`);
  insert.run('the archive from before search', 'old-1');
  insert.run('another archived decision', 'old-2');
  insert.run('nothing to see', 'old-3');
  sqlite.close();

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
