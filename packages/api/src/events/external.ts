import type { Db } from '@confab/db';
import type { EventBus, WrittenElsewhere } from './bus.js';
import type { ChatEvent, StoredEvent } from './types.js';

interface EventRow {
  seq: number;
  roomId: string;
  payload: string;
  createdAt: number;
}

/**
 * Events written by another process (the `confab` CLI on the same DATA_DIR), read from the log
 * for the bus (`createMemoryBus(…, writtenElsewhere(db))`), which publishes them in seq order
 * before its own later ones.
 */
export function writtenElsewhere(db: Db): WrittenElsewhere {
  const rowsBetween = db.$client.prepare<[number, number, number], EventRow>(
    'SELECT seq, room_id AS roomId, payload, created_at AS createdAt FROM event WHERE seq > ? AND seq < ? ORDER BY seq LIMIT ?',
  );
  const maxSeq = db.$client.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM event');
  return {
    lastSeq: maxSeq.get()?.seq ?? 0,
    between: (afterSeq, beforeSeq, limit) => rowsBetween.all(afterSeq, beforeSeq, limit).map(toStored),
  };
}

export interface ExternalEvents {
  /** Catches the bus up, each `intervalMs`, on what another process wrote when PRAGMA data_version moved; returns a stop. */
  watch(intervalMs?: number): () => void;
}

/**
 * A quiet server learns of another process's writes through PRAGMA data_version, which changes
 * only when another connection commits; a busy one already catches up on its next publish.
 */
export function watchExternalEvents(db: Db, bus: EventBus): ExternalEvents {
  return {
    watch(intervalMs = 1_000) {
      const dataVersion = () => Number(db.$client.pragma('data_version', { simple: true }));
      let seen = dataVersion();
      const timer = setInterval(() => {
        const version = dataVersion();
        if (version === seen) return;
        seen = version;
        bus.catchUp();
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
