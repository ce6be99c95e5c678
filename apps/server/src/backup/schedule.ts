import { readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Sqlite } from '@confab/db';
import { createBackup, type BackupResult } from './create.js';
import { MANIFEST_FILE } from './manifest.js';

export interface ScheduleOptions {
  dataDir: string;
  dbPath: string;
  uploadsDir: string;
  migrationsFolder: string;
  dir: string;
  intervalMs: number;
  keep: number;
  /** the server's connection (see BackupOptions.source) */
  source: Sqlite;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** Backs the running server up every `intervalMs` into `dir` and keeps the newest `keep` backups. */
export function scheduleBackups(options: ScheduleOptions): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const controller = new AbortController();

  const runOnce = async () => {
    try {
      const result: BackupResult = await createBackup({ ...options, targetParent: options.dir, signal: controller.signal });
      const removed = await pruneBackups(options.dir, options.keep);
      options.log.info({ dir: result.dir, seq: result.manifest.snapshot.seq, pruned: removed.length }, 'scheduled backup written');
    } catch (error) {
      if (!stopped) options.log.error({ err: error }, 'scheduled backup failed');
    }
  };

  const timer = setInterval(() => {
    if (running) return;
    running = runOnce().finally(() => (running = null));
  }, options.intervalMs);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      controller.abort();
      await running;
    },
  };
}

/** Removes the oldest `confab-*` backups in `dir` beyond the newest `keep` (only whole backups: folders with a manifest). */
async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const names = (await readdir(dir))
    .filter((name) => /^confab-\d{4}-\d{2}-\d{2}T/.test(name) && existsSync(path.join(dir, name, MANIFEST_FILE)))
    .sort();
  const doomed = names.slice(0, Math.max(0, names.length - keep));
  for (const name of doomed) await rm(path.join(dir, name), { recursive: true, force: true });
  return doomed;
}
