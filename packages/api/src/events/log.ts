import { sql } from 'drizzle-orm';
import { events, type Db } from '@confab/db';
import { oncePerDb } from '../prepared.js';
import type { EventBus } from './bus.js';
import type { ChatEvent, StoredEvent } from './types.js';

const insertEvent = oncePerDb((db) =>
  db
    .insert(events)
    .values({ roomId: sql.placeholder('roomId'), type: sql.placeholder('type'), payload: sql.placeholder('payload') })
    .returning({ seq: events.seq, createdAt: events.createdAt })
    .prepare(),
);

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Records an event in the transaction `tx` and hands it back for publishing after commit. */
export type Emit = (event: ChatEvent, streamKey?: string) => void;

/**
 * Runs `work` in one synchronous transaction; the events it emits are written in that same
 * transaction and published on the bus only after it commits, in order.
 */
export function writeWithEvents<T>(db: Db, bus: EventBus, work: (tx: Tx, emit: Emit) => T): T {
  const pending: StoredEvent[] = [];
  const result = db.transaction((tx) => {
    const emit: Emit = (event, streamKey = event.roomId) => {
      // Prepared on `db`: better-sqlite3 has one connection, so it runs inside this transaction.
      const row = insertEvent(db).get({ roomId: streamKey, type: event.type, payload: event });
      if (!row) throw new Error('INSERT … RETURNING gave no row');
      pending.push({ seq: row.seq, streamKey, event, occurredAt: row.createdAt.toISOString() });
    };
    return work(tx, emit);
  });
  for (const event of pending) bus.publish(event);
  return result;
}
