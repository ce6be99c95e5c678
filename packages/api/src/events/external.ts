import type { Db } from '@confab/db';
import type { EventBus } from './bus.js';
import type { ChatEvent, StoredEvent } from './types.js';

const PAGE = 500;

interface EventRow {
  seq: number;
  roomId: string;
  payload: string;
  createdAt: number;
}

export interface ExternalEvents {
  /** the bus every writer of this process publishes through (it catches up first, see below) */
  bus: EventBus;
  /** Publishes, each `intervalMs`, what another process wrote when PRAGMA data_version moved; returns a stop. */
  watch(intervalMs?: number): () => void;
}

/**
 * Events written by another process (the `confab` CLI on the same DATA_DIR) reach this process's
 * live streams. `published` is the highest seq this process has put on the bus: every row at or
 * below it went out, once. This process's own writes publish in seq order right after their
 * commit (synchronously), so a row above `published` and below a new local seq can only be
 * someone else's: it is published first, keeping the bus in seq order (subscribers drop any seq
 * at or below the last they sent, so a late one would be lost). A quiet server learns of them
 * through data_version, which changes only when another connection commits.
 */
export function withExternalEvents(db: Db, inner: EventBus): ExternalEvents {
  const rowsAfter = db.$client.prepare<[number, number, number], EventRow>(
    'SELECT seq, room_id AS roomId, payload, created_at AS createdAt FROM event WHERE seq > ? AND seq < ? ORDER BY seq LIMIT ?',
  );
  const maxSeq = db.$client.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM event');
  let published = maxSeq.get()?.seq ?? 0;

  function publishUpTo(before: number): void {
    for (;;) {
      const rows = rowsAfter.all(published, before, PAGE);
      for (const row of rows) {
        published = row.seq;
        inner.publish(toStored(row));
      }
      if (rows.length < PAGE) return;
    }
  }

  const bus: EventBus = {
    ...inner,
    publish(stored) {
      if (stored.seq > published + 1) publishUpTo(stored.seq);
      if (stored.seq > published) published = stored.seq;
      inner.publish(stored);
    },
  };

  return {
    bus,
    watch(intervalMs = 1_000) {
      const dataVersion = () => Number(db.$client.pragma('data_version', { simple: true }));
      let seen = dataVersion();
      const timer = setInterval(() => {
        const version = dataVersion();
        if (version === seen) return;
        seen = version;
        publishUpTo(Number.MAX_SAFE_INTEGER);
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

const toStored = (row: EventRow): StoredEvent => ({
  seq: row.seq,
  streamKey: row.roomId,
  event: JSON.parse(row.payload) as ChatEvent,
  occurredAt: new Date(row.createdAt).toISOString(),
});
