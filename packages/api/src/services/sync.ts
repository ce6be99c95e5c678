import type { Db } from '@confab/db';
import type { ChatEvent, StoredEvent } from '../events/types.js';
import { personalStream } from '../events/types.js';

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
  // Events are appended in time order, so the first recent one (walking up the primary key from
  // the oldest) bounds what to prune without an index on created_at.
  const firstKeptSeq = db.$client.prepare<[number], { seq: number }>('SELECT seq FROM event WHERE created_at >= ? ORDER BY seq LIMIT 1');
  // In chunks, so a large backlog never blocks the event loop for long.
  const pruneChunk = db.$client.prepare<[number]>('DELETE FROM event WHERE seq IN (SELECT seq FROM event WHERE seq < ? ORDER BY seq LIMIT 5000)');
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
    /**
     * Deletes events older than `before` (keeping the newest), a chunk per turn of the event
     * loop; returns how many went. Resuming from before the oldest kept seq gets `sync.reset`.
     */
    async prune(before: Date): Promise<number> {
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
    },
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

/**
 * Decides, event by event, whether a live event reaches `userId`: rooms they are in and their
 * personal stream. Create it when the stream starts and show it every live event in order
 * (even ones already sent): the rooms are read once, then followed through `member.joined` and
 * `member.left`, so no event costs a query. Only a direct conversation gains members without an
 * event (both, when it is opened), and that is looked up once per room for the whole server.
 * The room's own `member.left` about them is skipped: their personal copy carries it.
 */
export function createAudienceFilter(log: EventLog, userId: string) {
  const rooms = new Set(log.roomsOf(userId));
  const mine = personalStream(userId);
  return (stored: StoredEvent): boolean => {
    if (stored.streamKey === mine) return true;
    if (stored.streamKey.startsWith('user:')) return false;
    const event = stored.event;
    if (event.type === 'member.left' && event.userId === userId) {
      rooms.delete(stored.streamKey);
      return false;
    }
    if (event.type === 'member.joined' && event.member.user.id === userId) rooms.add(stored.streamKey);
    if (rooms.has(stored.streamKey)) return true;
    if (!log.isDirectWith(stored.streamKey, userId)) return false;
    rooms.add(stored.streamKey);
    return true;
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
