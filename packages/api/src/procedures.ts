import { z } from 'zod';
import type { Services } from '../services/index.js';
import { requireMembership } from '../services/rooms.js';
import { authedProcedure } from '../trpc.js';
import { roomIdInput } from './inputs.js';

/**
 * Narrows a procedure to members of `input.roomId`, looked up through the caller's membership:
 * for anyone else the room is NOT_FOUND, never FORBIDDEN, so its existence does not leak.
 */
export const roomMemberProcedure = (s: Services) =>
  authedProcedure.input(z.object({ roomId: roomIdInput })).use(({ ctx, input, next }) => {
    const membership = requireMembership(s.db, input.roomId, ctx.user.id);
    return next({ ctx: { ...ctx, membership } });
  });
