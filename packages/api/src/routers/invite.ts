import { z } from 'zod';
import { idInput, linkCodeInput } from '../fields.js';
import { authedProcedure, publicProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import { checkInvite, createInvite, listInvites, revokeInvite, type InviteCheck, type InviteDto, type Inviter } from '../services/invites.js';
import { findUserById } from '../services/users.js';
import { forbidden } from '../errors.js';
import { tooManyRequests } from '../errors.js';
import { router } from '../trpc.js';

export function inviteRouter(s: Services) {
  // The role is read fresh: a demotion counts at once, even on an open socket.
  function inviter(userId: string): Inviter {
    const row = findUserById(s.db, userId);
    if (!row || row.deactivatedAt) throw forbidden('Your account is deactivated.');
    return { id: row.id, role: row.role };
  }

  return router({
    /** An admin (or any member, when the admin allows it) makes a link: PUBLIC_ORIGIN/join/<code>. The code is shown only here. */
    create: authedProcedure
      .input(
        z
          .object({
            maxUses: z
              .number()
              .int('maxUses must be a whole number.')
              .min(1, 'maxUses must be at least 1.')
              .max(10_000, 'maxUses must be at most 10,000.')
              .optional(),
            expiresInDays: z
              .number()
              .int('expiresInDays must be a whole number.')
              .min(1, 'expiresInDays must be at least 1.')
              .max(365, 'expiresInDays must be at most 365.')
              .optional(),
            roomIds: z.array(idInput).max(50, 'An invite can name at most 50 rooms.').optional(),
          })
          .optional(),
      )
      .mutation(({ ctx, input }): { code: string; url: string; invite: InviteDto } => createInvite(s, inviter(ctx.user.id), input ?? {})),

    /** Every invite for an admin; your own for a member. */
    list: authedProcedure.query(({ ctx }): InviteDto[] => listInvites(s, inviter(ctx.user.id))),

    /** `code` is the code from the link, or the `id` that invite.list shows. */
    revoke: authedProcedure
      .input(z.object({ code: linkCodeInput }))
      .mutation(({ ctx, input }): InviteDto => revokeInvite(s, inviter(ctx.user.id), input.code)),

    /** For the join page, before the form: whether the link still works, and the team's name. */
    check: publicProcedure.input(z.object({ code: linkCodeInput })).query(({ ctx, input }): InviteCheck => {
      if (!s.limits.linkChecksPerIp.hit(ctx.ip)) throw tooManyRequests(s.limits.linkChecksPerIp, ctx.ip, 'link checks from this address');
      return checkInvite(s, input.code);
    }),
  });
}
