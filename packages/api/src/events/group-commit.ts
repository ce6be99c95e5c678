import type { Db } from '@confab/db';
import type { EventBus } from './bus.js';
import { emitInto, type Emit, type Tx } from './log.js';
import type { StoredEvent } from './types.js';

/** The most writes one transaction holds; a longer queue commits in several. */
const MAX_BATCH = 256;

interface Queued {
  work: (tx: Tx, emit: Emit) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommit {
  /**
   * Runs `work` with the other writes queued in this event-loop turn, in one transaction, each
   * in its own savepoint (one write that throws rolls back alone and rejects alone). The promise
   * settles after the COMMIT, and the events of the batch are on the bus by then, in seq order:
   * a resolved write is as durable as `writeWithEvents`'s.
   */
  write<T>(work: (tx: Tx, emit: Emit) => T): Promise<T>;
}

/**
 * Group commit: the sends that arrive in the same turn (a busy server reads many sockets per
 * turn) share one transaction, so the COMMIT, its WAL pages and the search index's segment are
 * paid once per batch instead of once per message.
 */
export function createGroupCommit(db: Db, bus: EventBus): GroupCommit {
  let queue: Queued[] = [];
  // better-sqlite3 runs a transaction function called inside another as a SAVEPOINT.
  const inSavepoint = db.$client.transaction((run: () => unknown) => run());

  function commit(batch: Queued[]): void {
    const pending: StoredEvent[] = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      db.transaction((tx) => {
        for (const { work } of batch) {
          const mine: StoredEvent[] = [];
          try {
            outcomes.push({ ok: true, value: inSavepoint(() => work(tx, emitInto(db, mine))) });
            pending.push(...mine);
          } catch (error) {
            // SQLite rolls the whole transaction back on some errors (SQLITE_FULL, IOERR): then
            // the writes before this one are gone too, and the batch fails as one.
            if (!db.$client.inTransaction) throw error;
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The COMMIT failed, or the transaction was rolled back: nothing of the batch is stored or published.
      for (const item of batch) item.reject(error);
      return;
    }
    for (const event of pending) bus.publish(event);
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error);
    });
  }

  function flush(): void {
    const all = queue;
    queue = [];
    for (let i = 0; i < all.length; i += MAX_BATCH) commit(all.slice(i, i + MAX_BATCH));
  }

  return {
    write<T>(work: (tx: Tx, emit: Emit) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      });
    },
  };
}
