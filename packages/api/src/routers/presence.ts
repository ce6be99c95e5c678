import { authedProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import type { PresenceDto } from '../services/room-dto.js';
import { isBackedUp, orNever } from '../subscriptions.js';
import { router } from '../trpc.js';

export type PresenceEvent = { type: 'snapshot'; users: PresenceDto[] } | { type: 'changed'; user: PresenceDto };

export function presenceRouter(s: Services) {
  return router({
    /** the presence of everyone I may see (contacts, either way, and roommates): a snapshot, then changes */
    onChange: authedProcedure.subscription(async function* ({ ctx, signal }): AsyncGenerator<PresenceEvent, void> {
      const userId = ctx.user.id;
      // Listen before the snapshot, so a change in between is not lost.
      const changes = s.presence.changesFor(userId, orNever(signal));
      yield { type: 'snapshot', users: s.presence.presenceOf(s.visibility.visibleTo(userId)) };
      for await (const change of changes) {
        if (isBackedUp(ctx.connection)) continue;
        yield { type: 'changed', user: change };
      }
    }),
  });
}
