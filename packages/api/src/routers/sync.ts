import { tracked } from '@trpc/server';
import { z } from 'zod';
import type { SyncEvent } from '../events/types.js';
import type { Services } from '../services/index.js';
import { createAudienceFilter } from '../services/sync.js';
import { authedProcedure, router } from '../trpc.js';
import { orNever } from './ephemeral.js';

const REPLAY_PAGE = 500;

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
        const current = s.eventLog.currentSeq();
        let lastSent = current;
        if (input.lastEventId != null) {
          const after = Number(input.lastEventId);
          const tooFarBehind = after > current || s.eventLog.countMissed(userId, after, s.syncReplayLimit) > s.syncReplayLimit;
          if (tooFarBehind) {
            yield tracked(String(current), { type: 'sync.reset', seq: current, occurredAt: new Date().toISOString() } satisfies SyncEvent);
          } else {
            lastSent = after;
            for (;;) {
              const page = s.eventLog.missed(userId, lastSent, REPLAY_PAGE);
              for (const stored of page) {
                if (aborted.aborted) return;
                lastSent = stored.seq;
                yield tracked(String(stored.seq), { ...stored.event, seq: stored.seq, occurredAt: stored.occurredAt } satisfies SyncEvent);
              }
              if (page.length < REPLAY_PAGE) break;
            }
            lastSent = Math.max(lastSent, current);
          }
        }
        const reaches = createAudienceFilter(s.db, userId);
        for await (const stored of live) {
          if (stored.seq <= lastSent || !reaches(stored)) continue;
          lastSent = stored.seq;
          yield tracked(String(stored.seq), { ...stored.event, seq: stored.seq, occurredAt: stored.occurredAt } satisfies SyncEvent);
        }
      }),
  });
}

