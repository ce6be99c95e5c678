import { experimental_standaloneMiddleware } from '@trpc/server';
import { z } from 'zod';
import { forbidden, tooManyRequests, unauthorized } from './errors.js';
import { roomIdInput } from './fields.js';
import type { RateLimiter } from './rate-limit.js';
import type { Services } from './services/index.js';
import { requireMembership } from './services/rooms/index.js';
import { findUserById } from './services/users.js';
import { baseProcedure } from './trpc.js';

// The procedure bases: each narrows the context once, so handlers never null-check the user or
// re-check membership. The middlewares are named, so a stack trace shows which one refused.

export const publicProcedure = baseProcedure;

/** Narrows the context to a signed-in user. */
export const authedProcedure = baseProcedure.use(function isAuthed({ ctx, next }) {
  // The session row is checked on every call, so a logout revokes at once even on a long-lived socket.
  if (!ctx.user || !ctx.sessionId || !ctx.isSessionLive()) throw unauthorized('Sign in first: this needs a signed-in user.');
  return next({ ctx: { ...ctx, user: ctx.user, sessionId: ctx.sessionId } });
});

/**
 * Narrows a procedure to members of `input.roomId`, looked up through the caller's membership:
 * for anyone else the room is NOT_FOUND, never FORBIDDEN, so its existence does not leak.
 */
export const roomMemberProcedure = (s: Services) =>
  authedProcedure.input(z.object({ roomId: roomIdInput })).use(function isRoomMember({ ctx, input, next }) {
    const membership = requireMembership(s.db, input.roomId, ctx.user.id);
    return next({ ctx: { ...ctx, membership } });
  });

/**
 * Narrows a procedure to admins. The role is read from the database on every call, not from the
 * context, so a promotion or demotion (by another admin, or `confab promote` in another process)
 * counts at once, even on a socket opened before it.
 */
export const adminProcedure = (s: Services) =>
  authedProcedure.use(function isAdmin({ ctx, next }) {
    const row = findUserById(s.db, ctx.user.id);
    if (!row || row.deactivatedAt || row.role !== 'admin') throw forbidden('Only an admin of this team can do this.');
    return next({ ctx: { ...ctx, user: { ...ctx.user, role: 'admin' as const } } });
  });

/**
 * A per-user rate limit, one line on any base with a signed-in user:
 * `authedProcedure.use(perUser(s.limits.editsPerUser, 'edits'))`. Past it the call is refused
 * before its handler runs: TOO_MANY_REQUESTS, "Too many {what}. Try again in N seconds."
 */
export const perUser = (limiter: RateLimiter, what: string) =>
  experimental_standaloneMiddleware<{ ctx: { user: { id: string } } }>().create(function isUnderRateLimit({ ctx, next }) {
    if (!limiter.hit(ctx.user.id)) throw tooManyRequests(limiter, ctx.user.id, what);
    return next();
  });
