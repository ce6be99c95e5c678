import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The committed migrations at the repository root; found from this file, never from the cwd. */
const defaultMigrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/**
 * Opens (creating if needed) the SQLite file at `path`, sets the pragmas and applies pending
 * migrations. Nothing is opened at import time: every caller, tests included, owns its handle.
 */
export function createDb(path: string, options: { migrationsFolder?: string } = {}): Db {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -32000');
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle({ client: sqlite, schema });
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder;
  if (!existsSync(migrationsFolder)) throw new Error(`migrations folder not found: ${migrationsFolder}`);
  migrate(db, { migrationsFolder });
  return db;
}

export type Sqlite = Database.Database;

/**
 * A plain connection to an existing database file, without pragmas beyond busy_timeout and
 * without migrating it: for backups, restores and checks that must not change what they read.
 */
export function openSqlite(path: string, options: { readonly?: boolean } = {}): Sqlite {
  const sqlite = new Database(path, { fileMustExist: true, readonly: options.readonly ?? false });
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}
