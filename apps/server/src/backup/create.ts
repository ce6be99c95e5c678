import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openSqlite, type Sqlite } from '@confab/db';
import { BackupError, describeFsError } from './errors.js';
import { copyHashed, fileStamp, hashFile, pathKind, syncPath } from './files.js';
import { DATABASE_FILE, describeSnapshot, MANIFEST_FILE, SECRET_FILE, type Manifest } from './manifest.js';
import { confabVersion } from './version.js';

export interface BackupOptions {
  dataDir: string;
  dbPath: string;
  uploadsDir: string;
  migrationsFolder: string;
  /** the folder the backup goes into, as `confab-<timestamp>/` */
  targetParent: string;
  /**
   * The server's own connection, when the server backs itself up: SQLite mirrors the changes
   * this connection makes into a running backup, so the copy can go in small steps and the
   * server keeps serving between them. Without it a second connection copies in one step (a
   * change from another connection would restart a stepped copy, forever on a busy server).
   */
  source?: Sqlite;
  progress?: (line: string) => void;
  signal?: AbortSignal;
}

export interface BackupResult {
  dir: string;
  manifest: Manifest;
}

const SERVER_PAGES_PER_STEP = 1024;

/**
 * Writes a consistent snapshot of a DATA_DIR while the server runs: the database through SQLite's
 * online backup, then every upload the snapshot's rows refer to (files are placed before their row
 * is inserted, so each one is already there), the secret, and a manifest with checksums. All of it
 * goes to a hidden folder first and is renamed into place at the end, so a backup folder is whole or absent.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const progress = options.progress ?? (() => {});
  if ((await pathKind(options.dbPath)) !== 'file') {
    throw new BackupError('invalid', `No Confab database at ${options.dbPath}: check DATA_DIR (it is ${options.dataDir}).`);
  }
  const startedAt = new Date();
  const name = `confab-${fileStamp(startedAt)}`;
  const finalDir = path.join(options.targetParent, name);
  const staging = path.join(options.targetParent, `.${name}.partial-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(options.targetParent, { recursive: true });
    if (existsSync(finalDir)) throw new BackupError('refused', `${finalDir} already exists.`);
    await mkdir(path.join(staging, 'uploads'), { recursive: true, mode: 0o700 });
    const stagedDb = path.join(staging, DATABASE_FILE);

    progress(`copying the database ${options.dbPath}`);
    await copyDatabase(options, stagedDb, progress);
    options.signal?.throwIfAborted();
    const facts = readSnapshot(stagedDb, options.migrationsFolder);
    progress(`snapshot at event ${facts.facts.snapshot.seq}: ${facts.facts.counts.messages} messages, ${facts.uploadIds.length} uploads`);

    const files: Manifest['files'] = [];
    const missingUploads = await copyUploads(options, staging, facts.uploadIds, files, progress);
    const secret = path.join(options.dataDir, SECRET_FILE);
    if (existsSync(secret)) files.push({ path: SECRET_FILE, ...(await copyHashed(secret, path.join(staging, SECRET_FILE))) });
    files.unshift({ path: DATABASE_FILE, ...(await hashFile(stagedDb)) });

    const manifest: Manifest = {
      format: 1,
      app: 'confab',
      version: confabVersion(),
      createdAt: startedAt.toISOString(),
      ...facts.facts,
      missingUploads,
      files,
    };
    await writeFile(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await syncPath(path.join(staging, MANIFEST_FILE));
    await syncPath(staging);
    options.signal?.throwIfAborted();
    await rename(staging, finalDir);
    await syncPath(options.targetParent);
    return { dir: finalDir, manifest };
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    throw describeFsError(error, `writing the backup to ${options.targetParent}`);
  }
}

async function copyDatabase(options: BackupOptions, target: string, progress: (line: string) => void): Promise<void> {
  const source = options.source ?? openSqlite(options.dbPath);
  try {
    let reported = 0;
    await source.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        const done = totalPages - remainingPages;
        if (done - reported >= 25_000) {
          reported = done;
          progress(`  ${Math.round((done / totalPages) * 100)}% of ${totalPages} pages`);
        }
        return options.source ? SERVER_PAGES_PER_STEP : 0x7fffffff;
      },
    });
  } finally {
    if (!options.source) source.close();
  }
  // A backup is one self-contained file: no -wal beside it.
  const copy = openSqlite(target);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

function readSnapshot(file: string, migrationsFolder: string) {
  const db = openSqlite(file, { readonly: true });
  try {
    const uploadIds = db.prepare('SELECT id FROM upload ORDER BY id').pluck().all() as string[];
    return { facts: describeSnapshot(db, migrationsFolder), uploadIds };
  } finally {
    db.close();
  }
}

/**
 * Copies each upload's files: `<id>` and whatever was derived from it (`<id>.preview.webp`, ...).
 * Returns the ids whose file was missing before the backup began (the row is kept; the restore serves 404 for it).
 */
async function copyUploads(
  options: BackupOptions,
  staging: string,
  ids: string[],
  files: Manifest['files'],
  progress: (line: string) => void,
): Promise<string[]> {
  const missing: string[] = [];
  const byFolder = new Map<string, string[]>();
  for (const id of ids) {
    const folder = id.slice(0, 2);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), id]);
  }
  let copied = 0;
  let lastReport = Date.now();
  for (const [folder, folderIds] of byFolder) {
    const names = await readdir(path.join(options.uploadsDir, folder)).catch(() => [] as string[]);
    for (const id of folderIds) {
      options.signal?.throwIfAborted();
      const own = names.filter((entry) => entry === id || entry.startsWith(`${id}.`));
      if (!own.includes(id)) missing.push(id);
      for (const entry of own) {
        const relative = `uploads/${folder}/${entry}`;
        files.push({ path: relative, ...(await copyHashed(path.join(options.uploadsDir, folder, entry), path.join(staging, relative))) });
      }
      copied += 1;
      if (Date.now() - lastReport > 1000) {
        lastReport = Date.now();
        progress(`  ${copied} of ${ids.length} uploads copied`);
      }
    }
  }
  if (missing.length > 0)
    progress(`warning: ${missing.length} uploads have a row but no file in ${options.uploadsDir} (${missing.slice(0, 3).join(', ')}...)`);
  progress(`copied ${copied} uploads`);
  return missing;
}
