import { events, type Db } from '@confab/db';
import type { EventBus } from './bus.js';
import type { ChatEvent, StoredEvent } from './types.js';

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
      const row = tx
        .insert(events)
        .values({ roomId: streamKey, type: event.type, payload: event })
        .returning({ seq: events.seq, createdAt: events.createdAt })
        .get();
      pending.push({ seq: row.seq, streamKey, event, occurredAt: row.createdAt.toISOString() });
    };
    return work(tx, emit);
  });
  for (const event of pending) bus.publish(event);
  return result;
}
