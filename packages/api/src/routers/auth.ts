import { z } from 'zod';
import type { Context } from '../context.js';
import { currentPasswordInput, emailInput, idInput, linkCodeInput, nameInput, passwordInput, teamNameInput } from '../fields.js';
import { authedProcedure, publicProcedure } from '../procedures.js';
import { changePassword, listSessions, revokeSession, type SessionDto } from '../services/account.js';
import type { Services } from '../services/index.js';
import { requestReset, resetPassword } from '../services/password-reset.js';
import { checkCredentials, register, setupTeam } from '../services/signup.js';
import { findUserById, toMe, type Me } from '../services/users.js';
import { router } from '../trpc.js';

export interface AuthResult {
  user: Me;
  /** a bearer token for programs; only when asked for with `issueToken: true` */
  token?: string;
}

const account = { email: emailInput, name: nameInput, password: passwordInput, issueToken: z.boolean().optional() };

export function authRouter(s: Services) {
  function signIn(ctx: Context, userId: string, issueToken: boolean | undefined): AuthResult {
    const user = findUserById(s.db, userId);
    if (!user) throw new Error('user vanished during sign-in');
    const session = s.sessions.start(userId, { ip: ctx.ip, userAgent: ctx.userAgent });
    ctx.setSessionCookie({ token: session.token, expiresAt: session.expiresAt });
    if (ctx.setDeviceMark && !s.devices.deviceOf(ctx.deviceMark, userId)) ctx.setDeviceMark(s.devices.issue(userId));
    return issueToken ? { user: toMe(user), token: session.token } : { user: toMe(user) };
  }

  return router({
    /** First run only (no account yet): names the team and creates its admin. */
    setup: publicProcedure
      .input(z.object({ ...account, teamName: teamNameInput }))
      .mutation(async ({ ctx, input }): Promise<AuthResult> => signIn(ctx, await setupTeam(s, ctx.ip, input), input.issueToken)),

    /** The first account becomes the admin; after that, an invite code or a sign-up mode that lets the address in. */
    register: publicProcedure
      .input(z.object({ ...account, inviteCode: linkCodeInput.optional() }))
      .mutation(async ({ ctx, input }): Promise<AuthResult> => signIn(ctx, (await register(s, ctx.ip, input)).userId, input.issueToken)),

    login: publicProcedure
      .input(
        z.object({
          email: emailInput,
          password: z.string().min(1, 'Enter your password.').max(256, 'Password must be at most 256 characters.'),
          issueToken: z.boolean().optional(),
        }),
      )
      .mutation(async ({ ctx, input }): Promise<AuthResult> =>
        signIn(ctx, await checkCredentials(s, ctx.ip, input.email, input.password, ctx.deviceMark), input.issueToken),
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
      return user && !user.deactivatedAt ? toMe(user) : null;
    }),

    /** Needs the current password; every other session (and its sockets) ends, this one stays. */
    changePassword: authedProcedure
      .input(z.object({ currentPassword: currentPasswordInput, newPassword: passwordInput }))
      .mutation(({ ctx, input }) => changePassword(s, ctx.user.id, ctx.sessionId, input.currentPassword, input.newPassword)),

    sessions: authedProcedure.query(({ ctx }): SessionDto[] => listSessions(s, ctx.user.id, ctx.sessionId)),

    revokeSession: authedProcedure.input(z.object({ sessionId: idInput })).mutation(({ ctx, input }) => {
      revokeSession(s, ctx.user.id, input.sessionId);
      return { ok: true as const };
    }),

    /** Through a one-time link (`admin.resetPassword`, `confab reset-password`, or a mailed one): ends every session. */
    resetPassword: publicProcedure.input(z.object({ token: linkCodeInput, password: passwordInput })).mutation(async ({ ctx, input }) => {
      await resetPassword(s, ctx.ip, input.token, input.password);
      return { ok: true as const };
    }),

    /** "Forgot password?" (only with SMTP): always `{ ok: true }`, whether or not the address has an account. */
    requestReset: publicProcedure.input(z.object({ email: emailInput })).mutation(({ ctx, input }) => requestReset(s, ctx.ip, input.email)),
  });
}
