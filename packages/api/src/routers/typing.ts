import { z } from 'zod';
import { roomIdInput } from '../fields.js';
import { authedProcedure, perUser, roomMemberProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import { requireMembership } from '../services/rooms/index.js';
import type { TypingDto } from '../services/typing.js';
import { isBackedUp, orNever } from '../subscriptions.js';
import { router } from '../trpc.js';

export function typingRouter(s: Services) {
  return router({
    set: roomMemberProcedure(s)
      .use(perUser(s.limits.typingPerUser, 'typing updates'))
      .input(z.object({ isTyping: z.boolean({ message: 'isTyping must be true or false.' }) }))
      .mutation(({ ctx, input }) => {
        s.typing.set(ctx.membership.room.id, ctx.user, input.isTyping);
        return { ok: true as const };
      }),

    /** others typing in my rooms (or just `roomId`); ephemeral, so nothing is replayed */
    onChange: authedProcedure.input(z.object({ roomId: roomIdInput.optional() }).optional()).subscription(async function* ({ ctx, input, signal }) {
      const onlyRoom = input?.roomId;
      // Only changes by others in my rooms arrive (decided once per change, from the room's members).
      const changes = s.typing.changesFor(ctx.user.id, orNever(signal));
      if (onlyRoom !== undefined) requireMembership(s.db, onlyRoom, ctx.user.id);
      for await (const change of changes) {
        if ((onlyRoom !== undefined && change.roomId !== onlyRoom) || isBackedUp(ctx.connection)) continue;
        yield change satisfies TypingDto;
      }
    }),
  });
}
