import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { openSqlite, type Sqlite } from '@confab/db';
import { BackupError, describeFsError } from './errors.js';
import { copyHashed, fileStamp, pathKind, syncPath } from './files.js';
import { LOCK_FILE, runningServer } from './lock.js';
import { DATABASE_FILE, describeSnapshot, knownMigrations, MANIFEST_FILE, manifestSchema, SECRET_FILE, type Manifest } from './manifest.js';

export interface RestoreOptions {
  /** a backup folder written by `createBackup` */
  from: string;
  dataDir: string;
  migrationsFolder: string;
  /** replace a DATA_DIR that holds something; its old contents are moved aside, never deleted */
  force?: boolean;
  progress?: (line: string) => void;
  signal?: AbortSignal;
}

export interface RestoreResult {
  manifest: Manifest;
  /** where the DATA_DIR's previous contents went (with `force`), or null */
  movedAside: string | null;
}

/**
 * Restores a backup into DATA_DIR. Everything is checked in a staging folder beside DATA_DIR
 * (every checksum, then `PRAGMA integrity_check`), and only a verified copy is renamed into place,
 * so DATA_DIR is either untouched or the whole backup.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const progress = options.progress ?? (() => {});
  const manifest = await readManifest(options.from);
  refuseNewerSchema(manifest, options.migrationsFolder);
  await refuseBusyDataDir(options.dataDir, options.force ?? false);

  const parent = path.dirname(options.dataDir);
  const staging = path.join(parent, `.${path.basename(options.dataDir)}.restore-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(path.join(staging, 'uploads'), { recursive: true, mode: 0o700 });
    progress(`verifying and copying ${manifest.files.length} files from ${options.from}`);
    let lastReport = Date.now();
    for (const [index, file] of manifest.files.entries()) {
      options.signal?.throwIfAborted();
      const source = path.join(options.from, file.path);
      if ((await pathKind(source)) !== 'file')
        throw new BackupError('invalid', `The backup is incomplete: ${file.path} is missing from ${options.from}.`);
      const copied = await copyHashed(source, path.join(staging, file.path));
      if (copied.size !== file.size || copied.sha256 !== file.sha256) {
        throw new BackupError('invalid', `The backup is damaged: ${file.path} does not match its checksum in ${MANIFEST_FILE}.`);
      }
      if (Date.now() - lastReport > 1000) {
        lastReport = Date.now();
        progress(`  ${index + 1} of ${manifest.files.length} files`);
      }
    }
    if (manifest.files.some((file) => file.path === SECRET_FILE)) await chmod(path.join(staging, SECRET_FILE), 0o600);
    progress('checking the database (PRAGMA integrity_check)');
    checkDatabase(path.join(staging, DATABASE_FILE), manifest, options.migrationsFolder);
    await syncPath(staging);

    options.signal?.throwIfAborted();
    await refuseBusyDataDir(options.dataDir, options.force ?? false);
    const movedAside = await clearDataDir(options.dataDir);
    try {
      await rename(staging, options.dataDir);
    } catch (error) {
      if (movedAside) await rename(movedAside, options.dataDir).catch(() => {});
      throw error;
    }
    await syncPath(parent);
    return { manifest, movedAside };
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    throw describeFsError(error, `restoring into ${options.dataDir}`);
  }
}

async function readManifest(from: string): Promise<Manifest> {
  const kind = await pathKind(from);
  if (kind === 'missing') throw new BackupError('invalid', `No backup at ${from}: the folder does not exist.`);
  if (kind !== 'dir') throw new BackupError('invalid', `${from} is not a folder: pass the backup folder (the one holding ${MANIFEST_FILE}).`);
  let text: string;
  try {
    text = await readFile(path.join(from, MANIFEST_FILE), 'utf8');
  } catch {
    throw new BackupError('invalid', `${from} is not a Confab backup: it has no ${MANIFEST_FILE}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError('invalid', `${path.join(from, MANIFEST_FILE)} is not valid JSON: the backup is damaged.`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupError(
      'invalid',
      `${path.join(from, MANIFEST_FILE)} is not a Confab backup manifest (${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}).`,
    );
  }
  if (!parsed.data.files.some((file) => file.path === DATABASE_FILE))
    throw new BackupError('invalid', `The backup at ${from} lists no ${DATABASE_FILE}.`);
  return parsed.data;
}

/** An older schema is fine (the server migrates it at start); a newer one needs the newer Confab that wrote it. */
function refuseNewerSchema(manifest: Manifest, migrationsFolder: string): void {
  const newestKnown = knownMigrations(migrationsFolder).at(-1)?.when ?? 0;
  if (manifest.schema.latestAt !== null && manifest.schema.latestAt > newestKnown) {
    throw new BackupError(
      'refused',
      `This backup was written by Confab ${manifest.version} with a newer database schema (${manifest.schema.latestTag ?? manifest.schema.latestAt}) than this Confab knows: restore it with Confab ${manifest.version} or later.`,
    );
  }
}

async function refuseBusyDataDir(dataDir: string, force: boolean): Promise<void> {
  const kind = await pathKind(dataDir);
  if (kind === 'missing') return;
  if (kind !== 'dir') throw new BackupError('invalid', `DATA_DIR ${dataDir} is not a folder.`);
  const server = runningServer(dataDir);
  if (server) {
    throw new BackupError(
      'refused',
      `A Confab server (pid ${server.pid} on ${server.host}, started ${server.startedAt}) is using DATA_DIR ${dataDir}: stop it, then restore. (If no server runs there, delete ${path.join(dataDir, LOCK_FILE)}.)`,
    );
  }
  const entries = await readdir(dataDir);
  if (entries.length > 0 && !force) {
    throw new BackupError(
      'refused',
      `DATA_DIR ${dataDir} is not empty (it holds ${entries.slice(0, 4).join(', ')}${entries.length > 4 ? ', ...' : ''}): pass --force to replace it (its contents are moved aside, not deleted), or choose an empty DATA_DIR.`,
    );
  }
}

/** Makes room for the restored folder: an empty DATA_DIR is removed, a full one (with --force) is moved aside. */
async function clearDataDir(dataDir: string): Promise<string | null> {
  const kind = await pathKind(dataDir);
  if (kind === 'missing') return null;
  if ((await readdir(dataDir)).length === 0) {
    await rmdir(dataDir);
    return null;
  }
  const aside = `${dataDir}.before-restore-${fileStamp(new Date())}`;
  await rename(dataDir, aside);
  return aside;
}

function checkDatabase(file: string, manifest: Manifest, migrationsFolder: string): void {
  let db: Sqlite;
  try {
    db = openSqlite(file, { readonly: true });
  } catch (error) {
    throw new BackupError('invalid', `The backup's database cannot be opened: ${(error as Error).message}`);
  }
  try {
    const result = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const problems = result.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    if (problems.length > 0)
      throw new BackupError('invalid', `The backup's database fails PRAGMA integrity_check: ${problems.slice(0, 3).join('; ')}`);
    const facts = describeSnapshot(db, migrationsFolder);
    if (facts.snapshot.seq !== manifest.snapshot.seq || facts.counts.messages !== manifest.counts.messages) {
      throw new BackupError(
        'invalid',
        `The backup's database does not match its manifest (seq ${facts.snapshot.seq}, expected ${manifest.snapshot.seq}).`,
      );
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError('invalid', `The backup's database cannot be read: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}
