import { tracked, type TrackedEnvelope } from '@trpc/server';
import { followAudience, membershipSince, type StreamSpan } from './audience.js';
import type { EventLog } from './log.js';
import { trackedEvent } from './tracked.js';
import { personalStream, type SyncEvent } from './types.js';

const REPLAY_PAGE = 500;

export interface ReplayRequest {
  userId: string;
  /** the last tracked id the client saw, or none for a fresh stream (which replays nothing) */
  lastEventId: string | null | undefined;
  /** further behind than this many events, the stream gets `sync.reset` instead */
  replayLimit: number;
  signal: AbortSignal;
}

const reset = (seq: number) => tracked(String(seq), { type: 'sync.reset', seq, occurredAt: new Date().toISOString() } satisfies SyncEvent);

/**
 * Yields what `userId` missed after `lastEventId` up to the log's newest event as the replay
 * began, once each and in seq order, or a single `sync.reset` when that cannot be replayed.
 * It follows the user's rooms as they were at each event, through the same audience filter
 * as the live stream, so replay + live is exactly what an always-connected stream got: a room
 * left while away is replayed up to the leave, one joined from the join on, and nothing of a
 * room from while they were out of it. Returns the seq it caught up to; the live stream
 * delivers what comes after.
 */
export async function* replay(log: EventLog, request: ReplayRequest): AsyncGenerator<TrackedEnvelope<SyncEvent>, number> {
  const current = log.currentSeq();
  if (request.lastEventId == null) return current;
  const after = Number(request.lastEventId);
  // Unknown ids, or events already pruned (older than the retention).
  if (after > current || after < log.oldestSeq() - 1) {
    yield reset(current);
    return current;
  }
  const { userId } = request;
  // The rooms now and the joins and leaves since, read in one synchronous step so no write slips between them.
  const history = membershipSince(log.roomsOf(userId), log.membershipChanges(userId, after, current), after, current);
  const spans: StreamSpan[] = [...history.spans, { streamKey: personalStream(userId), afterSeq: after, toSeq: current }];
  // Each span that ends with a leave holds the room's copy of it, which reaches no one.
  if (log.countIn(spans, request.replayLimit + history.leaves) - history.leaves > request.replayLimit) {
    yield reset(current);
    return current;
  }
  const reaches = followAudience(userId, history.roomsThen, (roomId) => log.isDirectWith(roomId, userId));
  let lastRead = after;
  for (;;) {
    const page = log.readSpans(spans, lastRead, REPLAY_PAGE);
    for (const stored of page) {
      if (request.signal.aborted) return lastRead;
      lastRead = stored.seq;
      if (reaches(stored)) yield trackedEvent(stored);
    }
    if (page.length < REPLAY_PAGE) break;
  }
  return current;
}
