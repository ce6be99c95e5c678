import { sql } from 'drizzle-orm';
import { events, type Db } from '@confab/db';
import { oncePerDb } from '../prepared.js';
import type { EventBus } from './bus.js';
import { createPruner } from './prune.js';
import { personalStream, type ChatEvent, type StoredEvent } from './types.js';

// The event log: the writer (every durable change, with its events, in one transaction) and the
// reader (what a user missed, for the replay).

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

interface EventRow {
  seq: number;
  roomId: string;
  payload: string;
  createdAt: number;
}

const toStored = (row: EventRow): StoredEvent => ({
  seq: row.seq,
  streamKey: row.roomId,
  event: JSON.parse(row.payload) as ChatEvent,
  occurredAt: new Date(row.createdAt).toISOString(),
});

/**
 * Reads the event log for one user: the streams of the rooms they are in now, plus their
 * personal stream. Each room is a range scan on event(room_id, seq), so a quiet user's backlog
 * costs little however busy other rooms are.
 */
export function createEventLog(db: Db) {
  const maxSeq = db.$client.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM event');
  const minSeq = db.$client.prepare<[], { seq: number | null }>('SELECT min(seq) AS seq FROM event');
  const streamsOf = db.$client.prepare<[string], { roomId: string }>('SELECT room_id AS roomId FROM membership WHERE user_id = ?');
  // A direct conversation's two members are inserted with it and never change; a group is never direct.
  const directParticipantsQuery = db.$client.prepare<[string], { userId: string }>(
    "SELECT m.user_id AS userId FROM room r JOIN membership m ON m.room_id = r.id WHERE r.id = ? AND r.kind = 'direct'",
  );
  const directParticipants = new Map<string, readonly string[]>();
  const countAfter = db.$client.prepare<[string, number, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM event WHERE room_id = ? AND seq > ? LIMIT ?)',
  );

  function streams(userId: string): string[] {
    return [...streamsOf.all(userId).map((row) => row.roomId), personalStream(userId)];
  }

  return {
    currentSeq(): number {
      return maxSeq.get()?.seq ?? 0;
    },
    /** the oldest seq still kept: a resume from before it cannot be replayed (see `prune`) */
    oldestSeq(): number {
      return minSeq.get()?.seq ?? 1;
    },
    /** deletes events older than `before`, keeping the newest (see events/prune.ts) */
    prune: createPruner(db),
    /** the rooms `userId` is in now */
    roomsOf(userId: string): string[] {
      return streamsOf.all(userId).map((row) => row.roomId);
    },
    /** whether `roomId` is a direct conversation with `userId` in it (remembered: that never changes) */
    isDirectWith(roomId: string, userId: string): boolean {
      let participants = directParticipants.get(roomId);
      if (!participants) {
        participants = directParticipantsQuery.all(roomId).map((row) => row.userId);
        directParticipants.set(roomId, participants);
      }
      return participants.includes(userId);
    },
    /** how many events `userId` missed after `seq`, counting no further than `limit` */
    countMissed(userId: string, afterSeq: number, limit: number): number {
      let total = 0;
      for (const stream of streams(userId)) {
        total += countAfter.get(stream, afterSeq, limit - total + 1)?.n ?? 0;
        if (total > limit) break;
      }
      return total;
    },
    /** up to `limit` of the events `userId` missed after `seq`, in seq order */
    missed(userId: string, afterSeq: number, limit: number): StoredEvent[] {
      const keys = streams(userId);
      const placeholders = keys.map(() => '?').join(',');
      const rows = db.$client
        .prepare<unknown[], EventRow>(
          `SELECT seq, room_id AS roomId, payload, created_at AS createdAt FROM event
           WHERE room_id IN (${placeholders}) AND seq > ? ORDER BY seq LIMIT ?`,
        )
        .all(...keys, afterSeq, limit);
      return rows.map(toStored);
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
