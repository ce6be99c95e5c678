import type { Db } from '@confab/db';
import type { ChatEvent, StoredEvent } from '../events/types.js';
import { personalStream } from '../events/types.js';
import { isMember } from './rooms.js';

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
  const streamsOf = db.$client.prepare<[string], { roomId: string }>('SELECT room_id AS roomId FROM membership WHERE user_id = ?');
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

/**
 * Decides, event by event, whether a live event reaches `userId`: rooms they are in (checked
 * against the database the first time a room is seen, so joining mid-stream just works) and
 * their personal stream. The room's own `member.left` about them is skipped: their personal
 * copy carries it, and after it the room is forgotten.
 */
export function createAudienceFilter(db: Db, userId: string) {
  const rooms = new Set<string>();
  const mine = personalStream(userId);
  return (stored: StoredEvent): boolean => {
    if (stored.streamKey === mine) return true;
    if (stored.streamKey.startsWith('user:')) return false;
    const event = stored.event;
    if (event.type === 'member.left' && event.userId === userId) {
      rooms.delete(stored.streamKey);
      return false;
    }
    if (rooms.has(stored.streamKey)) return true;
    if (!isMember(db, stored.streamKey, userId)) return false;
    rooms.add(stored.streamKey);
    return true;
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
