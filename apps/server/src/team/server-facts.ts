import { statSync, statfsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ServerFacts } from '@confab/api';
import { confabVersion } from '../backup/version.js';

const CACHE_MS = 60_000;

/** The size of every file under `dir` (uploads and their previews), walked without blocking the loop. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await stat(full).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

const fileBytes = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/**
 * The admin page's server facts: version, database (with its WAL), uploads on disk, free space
 * on DATA_DIR's disk. Walking the uploads folder is not free, so the answer is kept for a minute.
 */
export function serverFactsReader(paths: { dataDir: string; dbPath: string; uploadsDir: string }): () => Promise<ServerFacts> {
  let cached: { at: number; facts: Promise<ServerFacts> } | null = null;
  async function measure(): Promise<ServerFacts> {
    let freeDiskBytes: number | null;
    try {
      const fs = statfsSync(paths.dataDir);
      freeDiskBytes = fs.bavail * fs.bsize;
    } catch {
      freeDiskBytes = null;
    }
    return {
      version: confabVersion(),
      databaseBytes: fileBytes(paths.dbPath) + fileBytes(`${paths.dbPath}-wal`),
      uploadsBytes: await folderBytes(paths.uploadsDir),
      freeDiskBytes,
    };
  }
  return () => {
    if (!cached || Date.now() - cached.at > CACHE_MS) cached = { at: Date.now(), facts: measure() };
    return cached.facts;
  };
}
