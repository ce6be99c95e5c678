import { z } from 'zod';
import { liveAudience } from '../events/audience.js';
import { replay } from '../events/replay.js';
import { liveEnvelope } from '../events/tracked.js';
import { authedProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import { orNever, untilAborted } from '../subscriptions.js';
import { router } from '../trpc.js';

export function syncRouter(s: Services) {
  return router({
    /**
     * Where the event log is now, as a `lastEventId` to start `sync.onEvent` from: a stream that has
     * had no event yet still resumes from there after a reconnect instead of from "now" (issue 15).
     */
    position: authedProcedure.query(() => ({ lastEventId: String(s.eventLog.currentSeq()) })),

    /**
     * Every durable event of my rooms, gapless across reconnects: resume with the last tracked
     * id and get exactly what was missed, once, in order (or one `sync.reset` if too far behind).
     */
    onEvent: authedProcedure
      .input(
        z.object({
          lastEventId: z
            .string()
            .regex(/^\d{1,15}$/, 'lastEventId must be an id this stream sent.')
            .nullish(),
        }),
      )
      .subscription(async function* ({ ctx, input, signal }) {
        const aborted = orNever(signal);
        const userId = ctx.user.id;
        // Listen before reading the backlog, so nothing committed in between is lost; seqs already sent are dropped below.
        // The audience is my rooms as of the same moment; the bus keeps it current, event by event, even while we replay.
        const live = s.bus.subscribe(liveAudience(s.eventLog, userId), aborted);
        let lastSent = yield* replay(s.eventLog, { userId, lastEventId: input.lastEventId, replayLimit: s.syncReplayLimit, signal: aborted });
        if (aborted.aborted) return;
        // A transport that writes frames itself takes the live events from here, straight from the bus.
        const handedOver = live.handOver((stored) => {
          if (stored.seq <= lastSent) return null;
          lastSent = stored.seq;
          return liveEnvelope(stored);
        });
        if (handedOver) return await untilAborted(aborted);
        for await (const stored of live) {
          if (stored.seq <= lastSent) continue;
          lastSent = stored.seq;
          yield liveEnvelope(stored);
        }
      }),
  });
}
