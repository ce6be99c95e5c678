import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** The file a running server keeps in its DATA_DIR, so `confab restore` can tell it is there. */
export const LOCK_FILE = 'confab.pid';

const lockSchema = z.object({ pid: z.number().int(), host: z.string(), token: z.string(), startedAt: z.string() });
type DataDirLock = z.infer<typeof lockSchema>;

/**
 * Marks `dataDir` as served by this process until `release()`. A server that was killed leaves the
 * file behind; it does not count once its process is gone (see `runningServer`).
 */
export function holdDataDirLock(dataDir: string): { release(): void } {
  const file = path.join(dataDir, LOCK_FILE);
  const lock: DataDirLock = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), startedAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(lock)}\n`, { mode: 0o644 });
  return {
    release() {
      // Only our own file: a second server on the same folder may have written its own since.
      if (readLock(file)?.token === lock.token) rmSync(file, { force: true });
    },
  };
}

/** The server serving `dataDir` right now, or null. A lock from another host counts as running: we cannot see its processes. */
export function runningServer(dataDir: string): DataDirLock | null {
  const lock = readLock(path.join(dataDir, LOCK_FILE));
  if (!lock) return null;
  if (lock.host !== hostname()) return lock;
  return isAlive(lock.pid) ? lock : null;
}

function readLock(file: string): DataDirLock | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = lockSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}
