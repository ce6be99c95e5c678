import { tracked, type TrackedEnvelope } from '@trpc/server';
import { z } from 'zod';
import type { StoredEvent, SyncEvent } from '../events/types.js';
import type { Services } from '../services/index.js';
import { createAudienceFilter } from '../services/sync.js';
import { authedProcedure, router } from '../trpc.js';
import { orNever } from './ephemeral.js';

const REPLAY_PAGE = 500;

const toSyncEvent = (stored: StoredEvent): SyncEvent => ({ ...stored.event, seq: stored.seq, occurredAt: stored.occurredAt });

// A live event reaches many subscribers: its envelope is built once and shared (tRPC only reads it).
const liveEnvelopes = new WeakMap<StoredEvent, TrackedEnvelope<SyncEvent>>();
function liveEnvelope(stored: StoredEvent): TrackedEnvelope<SyncEvent> {
  let envelope = liveEnvelopes.get(stored);
  if (!envelope) {
    envelope = tracked(String(stored.seq), toSyncEvent(stored));
    liveEnvelopes.set(stored, envelope);
  }
  return envelope;
}

export function syncRouter(s: Services) {
  return router({
    /**
     * Every durable event of my rooms, gapless across reconnects: resume with the last tracked
     * id and get exactly what was missed, once, in order (or one `sync.reset` if too far behind).
     */
    onEvent: authedProcedure
      .input(z.object({ lastEventId: z.string().regex(/^\d{1,15}$/, 'lastEventId must be an id this stream sent.').nullish() }))
      .subscription(async function* ({ ctx, input, signal }) {
        const aborted = orNever(signal);
        const userId = ctx.user.id;
        // Listen before reading the backlog, so nothing committed in between is lost; seqs already sent are dropped below.
        const live = s.bus.subscribe(aborted);
        // My rooms as of the same moment; from here on the live events keep them current.
        const reaches = createAudienceFilter(s.eventLog, userId);
        const current = s.eventLog.currentSeq();
        let lastSent = current;
        if (input.lastEventId != null) {
          const after = Number(input.lastEventId);
          // Unknown ids, events already pruned (older than the retention), or simply too many to replay.
          const tooFarBehind =
            after > current || after < s.eventLog.oldestSeq() - 1 || s.eventLog.countMissed(userId, after, s.syncReplayLimit) > s.syncReplayLimit;
          if (tooFarBehind) {
            yield tracked(String(current), { type: 'sync.reset', seq: current, occurredAt: new Date().toISOString() } satisfies SyncEvent);
          } else {
            lastSent = after;
            for (;;) {
              const page = s.eventLog.missed(userId, lastSent, REPLAY_PAGE);
              for (const stored of page) {
                if (aborted.aborted) return;
                lastSent = stored.seq;
                yield tracked(String(stored.seq), toSyncEvent(stored));
              }
              if (page.length < REPLAY_PAGE) break;
            }
            lastSent = Math.max(lastSent, current);
          }
        }
        for await (const stored of live) {
          // `reaches` first: it must see every event, even one the replay already sent.
          if (!reaches(stored) || stored.seq <= lastSent) continue;
          lastSent = stored.seq;
          yield liveEnvelope(stored);
        }
      }),
  });
}

