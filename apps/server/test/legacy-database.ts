import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type Sqlite } from '@confab/db';
import { tempDataDir } from './harness.js';

const repoMigrations = path.resolve(import.meta.dirname, '../../../drizzle');

/**
 * A DATA_DIR whose `confab.db` is as a server from before the migration `before` left it: the
 * committed migrations up to (not including) that tag, then `seed` writes what such a server held.
 * The next `createDb` or server start on it runs the upgrade under test. The caller removes the
 * folder (a server started with `dataDir` leaves it).
 */
export function legacyDatabase(before: string, seed: (sqlite: Sqlite) => void): { dataDir: string; file: string } {
  const migrations = mkdtempSync(path.join(tmpdir(), 'confab-migrations-'));
  try {
    cpSync(repoMigrations, migrations, { recursive: true });
    const journalPath = path.join(migrations, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const cut = journal.entries.findIndex((entry) => entry.tag === before);
    if (cut <= 0) throw new Error(`legacyDatabase: no migration ${before} after the first one in drizzle/meta/_journal.json`);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'confab.db');
    const sqlite = createDb(file, { migrationsFolder: migrations }).$client;
    try {
      seed(sqlite);
    } finally {
      sqlite.close();
    }
    return { dataDir, file };
  } finally {
    rmSync(migrations, { recursive: true, force: true });
  }
}
