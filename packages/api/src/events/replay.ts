import { tracked, type TrackedEnvelope } from '@trpc/server';
import type { EventLog } from './log.js';
import { trackedEvent } from './tracked.js';
import type { SyncEvent } from './types.js';

const REPLAY_PAGE = 500;

interface ReplayRequest {
  userId: string;
  /** the last tracked id the client saw, or none for a fresh stream (which replays nothing) */
  lastEventId: string | null | undefined;
  /** further behind than this many events, the stream gets `sync.reset` instead */
  replayLimit: number;
  signal: AbortSignal;
}

/**
 * Yields what `userId` missed after `lastEventId`, once each and in seq order, or a single
 * `sync.reset` when that cannot be replayed. Returns the seq the stream is now caught up to
 * (at least the log's newest as the replay began), so live events at or below it are dropped.
 */
export async function* replay(log: EventLog, request: ReplayRequest): AsyncGenerator<TrackedEnvelope<SyncEvent>, number> {
  const current = log.currentSeq();
  if (request.lastEventId == null) return current;
  const after = Number(request.lastEventId);
  // Unknown ids, events already pruned (older than the retention), or simply too many to replay.
  const tooFarBehind = after > current || after < log.oldestSeq() - 1 || log.countMissed(request.userId, after, request.replayLimit) > request.replayLimit;
  if (tooFarBehind) {
    yield tracked(String(current), { type: 'sync.reset', seq: current, occurredAt: new Date().toISOString() } satisfies SyncEvent);
    return current;
  }
  let lastSent = after;
  for (;;) {
    const page = log.missed(request.userId, lastSent, REPLAY_PAGE);
    for (const stored of page) {
      if (request.signal.aborted) return lastSent;
      lastSent = stored.seq;
      yield trackedEvent(stored);
    }
    if (page.length < REPLAY_PAGE) break;
  }
  return Math.max(lastSent, current);
}
