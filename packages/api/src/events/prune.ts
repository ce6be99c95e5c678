import type { Db } from '@confab/db';

/**
 * Deletes events older than `before` (keeping the newest), a chunk per turn of the event loop;
 * resolves to how many went. Resuming from before the oldest kept seq gets `sync.reset`.
 */
export function createPruner(db: Db): (before: Date) => Promise<number> {
  const maxSeq = db.$client.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM event');
  // Events are appended in time order, so the first recent one (walking up the primary key from
  // the oldest) bounds what to prune without an index on created_at.
  const firstKeptSeq = db.$client.prepare<[number], { seq: number }>('SELECT seq FROM event WHERE created_at >= ? ORDER BY seq LIMIT 1');
  // In chunks, so a large backlog never blocks the event loop for long.
  const pruneChunk = db.$client.prepare<[number]>('DELETE FROM event WHERE seq IN (SELECT seq FROM event WHERE seq < ? ORDER BY seq LIMIT 5000)');

  return async (before) => {
    // The newest event always stays, so the oldest kept seq is never lost.
    const newest = maxSeq.get()?.seq ?? 0;
    const keepFrom = Math.min(firstKeptSeq.get(before.getTime())?.seq ?? newest, newest);
    let deleted = 0;
    for (;;) {
      const { changes } = pruneChunk.run(keepFrom);
      deleted += changes;
      if (changes === 0) return deleted;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
}

/**
 * Prunes events older than `retentionMs` now and then hourly: the log only needs to reach back
 * as far as a client may be away. Returns the function that stops it.
 */
export function schedulePruning(prune: (before: Date) => Promise<number>, retentionMs: number): () => void {
  const pruneOldEvents = () => {
    // A prune still running when the database closes at shutdown fails harmlessly; the next start prunes again.
    prune(new Date(Date.now() - retentionMs)).catch(() => {});
  };
  const timer = setInterval(pruneOldEvents, 60 * 60 * 1000);
  timer.unref();
  setImmediate(pruneOldEvents);
  return () => clearInterval(timer);
}
