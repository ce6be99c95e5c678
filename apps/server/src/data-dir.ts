import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';

/**
 * Makes sure Confab can keep its data in `dataDir` (creating it and its uploads folder), and
 * says in one line what is wrong and where when it cannot: a read-only or foreign DATA_DIR
 * otherwise surfaces later as SQLite's "unable to open database file", with no path.
 * Creates the database file with mode 0600 when it is new. Returns the problem, or null when
 * the folder is usable.
 */
export function dataDirProblem(dataDir: string, files: { uploadsDir: string; dbPath: string }): string | null {
  const who = currentUser();
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    return `DATA_DIR ${dataDir} does not exist and cannot be created by user ${who} (${codeOf(error)}): create it, or point DATA_DIR at a folder that user may write to`;
  }
  // A real write, not only an access() check: root passes access() on a read-only file system.
  const probe = path.join(dataDir, `.confab-write-test-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    return `DATA_DIR ${dataDir} is not writable by user ${who} (${codeOf(error)}): give that user write access (chown/chmod), or point DATA_DIR elsewhere`;
  }
  // SQLite gives its -wal and -shm files the database file's mode, so one 0600 file keeps all three
  // private (like `secret`); an empty file is a new database to SQLite.
  if (!existsSync(files.dbPath)) {
    try {
      writeFileSync(files.dbPath, '', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if (codeOf(error) !== 'EEXIST')
        return `${files.dbPath} cannot be created by user ${who} (${codeOf(error)}): give that user write access to DATA_DIR`;
    }
  }
  for (const file of [files.dbPath, `${files.dbPath}-wal`, `${files.dbPath}-shm`]) {
    if (!existsSync(file)) continue;
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch (error) {
      return `${file} is not writable by user ${who} (${codeOf(error)}): give that user write access to the files in DATA_DIR`;
    }
  }
  try {
    mkdirSync(files.uploadsDir, { recursive: true });
    accessSync(files.uploadsDir, constants.W_OK);
  } catch (error) {
    return `${files.uploadsDir} cannot be created or written by user ${who} (${codeOf(error)}): give that user write access to it`;
  }
  return null;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'error';
}
