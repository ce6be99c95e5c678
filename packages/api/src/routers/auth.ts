import { z } from 'zod';
import type { Context } from '../context.js';
import { emailInput, nameInput, passwordInput } from '../fields.js';
import { publicProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import { checkCredentials, findUserById, register, toMe, type Me } from '../services/users.js';
import { router } from '../trpc.js';

export interface AuthResult {
  user: Me;
  /** a bearer token for programs; only when asked for with `issueToken: true` */
  token?: string;
}

export function authRouter(s: Services) {
  function signIn(ctx: Context, userId: string, issueToken: boolean | undefined): AuthResult {
    const user = findUserById(s.db, userId);
    if (!user) throw new Error('user vanished during sign-in');
    const session = s.sessions.start(userId);
    ctx.setSessionCookie({ token: session.token, expiresAt: session.expiresAt });
    return issueToken ? { user: toMe(user), token: session.token } : { user: toMe(user) };
  }

  return router({
    register: publicProcedure
      .input(z.object({ email: emailInput, name: nameInput, password: passwordInput, issueToken: z.boolean().optional() }))
      .mutation(async ({ ctx, input }): Promise<AuthResult> => signIn(ctx, await register(s, ctx.ip, input), input.issueToken)),

    login: publicProcedure
      .input(
        z.object({
          email: emailInput,
          password: z.string().min(1, 'Enter your password.').max(256, 'Password must be at most 256 characters.'),
          issueToken: z.boolean().optional(),
        }),
      )
      .mutation(async ({ ctx, input }): Promise<AuthResult> =>
        signIn(ctx, await checkCredentials(s, ctx.ip, input.email, input.password), input.issueToken),
      ),

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
