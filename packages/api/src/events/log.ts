import { sql } from 'drizzle-orm';
import { events, type Db } from '@confab/db';
import { oncePerDb } from '../prepared.js';
import type { EventBus } from './bus.js';
import { createPruner } from './prune.js';
import type { MembershipChange, StreamSpan } from './audience.js';
import type { ChatEvent, StoredEvent } from './types.js';

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
  const result = db.transaction((tx) => work(tx, emitInto(db, pending)));
  for (const event of pending) bus.publish(event);
  return result;
}

/** An `Emit` that writes each event in the current transaction and collects it in `pending`. */
export function emitInto(db: Db, pending: StoredEvent[]): Emit {
  return (event, streamKey = event.roomId) => {
    // Prepared on `db`: better-sqlite3 has one connection, so it runs inside the open transaction.
    const row = insertEvent(db).get({ roomId: streamKey, type: event.type, payload: event });
    if (!row) throw new Error('INSERT … RETURNING gave no row');
    pending.push({ seq: row.seq, streamKey, event, occurredAt: row.createdAt.toISOString() });
  };
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
 * Reads the event log: what a user missed, as spans of streams (the rooms they were in, from
 * when to when, and their personal stream; see `membershipSince`). Each span is a range scan on
 * event(room_id, seq), so a quiet user's backlog costs little however busy other rooms are.
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
  // The user's own joins and the room copies of their leaves, found through event_member_seq_idx
  // (the CASE must stay exactly the index's expression, or SQLite scans instead).
  const membershipChangesQuery = db.$client.prepare<[string, number, number], { seq: number; roomId: string; type: string }>(
    `SELECT seq, room_id AS roomId, type FROM event
     WHERE type IN ('member.joined', 'member.left')
       AND (CASE type WHEN 'member.joined' THEN payload ->> '$.member.user.id' ELSE payload ->> '$.userId' END) = ?
       AND seq > ? AND seq <= ? ORDER BY seq`,
  );
  const countInSpan = db.$client.prepare<[string, number, number, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM event WHERE room_id = ? AND seq > ? AND seq <= ? LIMIT ?)',
  );

  function participantsOfDirect(roomId: string): readonly string[] {
    let participants = directParticipants.get(roomId);
    if (!participants) {
      participants = directParticipantsQuery.all(roomId).map((row) => row.userId);
      directParticipants.set(roomId, participants);
    }
    return participants;
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
      return participantsOfDirect(roomId).includes(userId);
    },
    /** the two people of a direct conversation; none for a group (remembered: that never changes) */
    participantsOfDirect,
    /** `userId`'s own joins and leaves with `afterSeq < seq <= toSeq`, in seq order (the rooms' copies, not their personal one) */
    membershipChanges(userId: string, afterSeq: number, toSeq: number): MembershipChange[] {
      return membershipChangesQuery
        .all(userId, afterSeq, toSeq)
        .filter((row) => !row.roomId.startsWith('user:'))
        .map((row) => ({ seq: row.seq, roomId: row.roomId, joined: row.type === 'member.joined' }));
    },
    /** how many events the spans hold, counting no further than `limit` */
    countIn(spans: readonly StreamSpan[], limit: number): number {
      let total = 0;
      for (const span of spans) {
        total += countInSpan.get(span.streamKey, span.afterSeq, span.toSeq, limit - total + 1)?.n ?? 0;
        if (total > limit) break;
      }
      return total;
    },
    /** up to `limit` of the spans' events after `afterSeq`, in seq order */
    readSpans(spans: readonly StreamSpan[], afterSeq: number, limit: number): StoredEvent[] {
      // Spans with the same bounds (most of them: the rooms the user stayed in) share one IN list.
      const byBounds = new Map<string, { from: number; to: number; keys: string[] }>();
      for (const span of spans) {
        const from = Math.max(span.afterSeq, afterSeq);
        if (from >= span.toSeq) continue;
        const bounds = `${from}:${span.toSeq}`;
        const group = byBounds.get(bounds) ?? { from, to: span.toSeq, keys: [] };
        group.keys.push(span.streamKey);
        byBounds.set(bounds, group);
      }
      // One range scan per group, merged: an OR of them makes SQLite gather and sort every row first.
      const rows: EventRow[] = [];
      for (const group of byBounds.values()) {
        const placeholders = group.keys.map(() => '?').join(',');
        rows.push(
          ...db.$client
            .prepare<unknown[], EventRow>(
              `SELECT seq, room_id AS roomId, payload, created_at AS createdAt FROM event
               WHERE room_id IN (${placeholders}) AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
            )
            .all(...group.keys, group.from, group.to, limit),
        );
      }
      if (byBounds.size > 1) rows.sort((a, b) => a.seq - b.seq);
      return rows.slice(0, limit).map(toStored);
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
