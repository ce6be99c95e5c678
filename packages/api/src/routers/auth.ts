import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { users } from '@confab/db';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { Context } from '../context.js';
import { newId } from '../ids.js';
import { emailInput, nameInput, passwordInput } from '../inputs.js';
import type { RateLimiter } from '../rate-limit.js';
import type { Services } from '../services/index.js';
import { findUserByEmail, findUserById, toMe, type Me } from '../services/users.js';
import { publicProcedure, router } from '../trpc.js';

export interface AuthResult {
  user: Me;
  /** a bearer token for programs; only when asked for with `issueToken: true` */
  token?: string;
}

function enforce(limiter: RateLimiter, key: string, what: string): void {
  if (!limiter.hit(key)) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `Too many ${what}. Try again in ${limiter.retryAfter(key)} seconds.`,
    });
  }
}

export function authRouter(s: Services) {
  function signIn(ctx: Context, userId: string, issueToken: boolean | undefined): AuthResult {
    const user = findUserById(s.db, userId);
    if (!user) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'user vanished during sign-in' });
    const session = s.sessions.start(userId);
    ctx.setSessionCookie({ token: session.token, expiresAt: session.expiresAt });
    return issueToken ? { user: toMe(user), token: session.token } : { user: toMe(user) };
  }

  return router({
    register: publicProcedure
      .input(z.object({ email: emailInput, name: nameInput, password: passwordInput, issueToken: z.boolean().optional() }))
      .mutation(async ({ ctx, input }): Promise<AuthResult> => {
        enforce(s.limits.registerPerIp, ctx.ip, 'sign-ups from this address');
        if (findUserByEmail(s.db, input.email)) {
          throw new TRPCError({ code: 'CONFLICT', message: 'An account with this email already exists. Sign in instead.' });
        }
        const passwordHash = await hashPassword(input.password);
        const id = newId();
        // The unique index settles a race between two sign-ups for the same address.
        const inserted = s.db.insert(users).values({ id, email: input.email, name: input.name, passwordHash }).onConflictDoNothing().run();
        if (inserted.changes === 0) {
          throw new TRPCError({ code: 'CONFLICT', message: 'An account with this email already exists. Sign in instead.' });
        }
        return signIn(ctx, id, input.issueToken);
      }),

    login: publicProcedure
      .input(z.object({ email: emailInput, password: z.string().min(1, 'Enter your password.').max(256, 'Password must be at most 256 characters.'), issueToken: z.boolean().optional() }))
      .mutation(async ({ ctx, input }): Promise<AuthResult> => {
        enforce(s.limits.loginPerIp, ctx.ip, 'sign-in attempts from this address');
        const accountKey = input.email;
        if (!s.limits.loginPerAccount.hit(accountKey, Date.now())) {
          throw new TRPCError({
            code: 'TOO_MANY_REQUESTS',
            message: `Too many failed sign-ins for this account. Try again in ${s.limits.loginPerAccount.retryAfter(accountKey)} seconds.`,
          });
        }
        const user = findUserByEmail(s.db, input.email);
        // An unknown e-mail still costs one verify, so timing does not reveal who has an account.
        const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
        if (!user || !valid) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' });
        s.limits.loginPerAccount.reset(accountKey);
        return signIn(ctx, user.id, input.issueToken);
      }),

    logout: publicProcedure.mutation(({ ctx }) => {
      if (ctx.sessionId) {
        s.sessions.revoke(ctx.sessionId);
        s.connections.closeSession(ctx.sessionId, 'signed out');
      }
      ctx.setSessionCookie(null);
      return { ok: true as const };
    }),

    me: publicProcedure.query(({ ctx }): Me | null => {
      if (!ctx.user || !ctx.sessionId || !ctx.isSessionLive()) return null;
      const user = findUserById(s.db, ctx.user.id);
      return user ? toMe(user) : null;
    }),
  });
}

