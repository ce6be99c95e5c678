import { z } from 'zod';
import { currentPasswordInput, emailInput, idInput, nameInput } from '../fields.js';
import { authedProcedure, perUser } from '../procedures.js';
import { deactivateSelf, updateProfile } from '../services/account.js';
import type { Services } from '../services/index.js';
import { directory, type DirectoryEntry } from '../services/people.js';
import type { Me } from '../services/users.js';
import { router } from '../trpc.js';

export function userRouter(s: Services) {
  return router({
    /** Name and avatar; an e-mail change needs `password` (the current one). Everyone who shares a room or a contact sees it live. */
    updateProfile: authedProcedure
      .use(perUser(s.limits.profileUpdatesPerUser, 'profile changes'))
      .input(
        z.object({
          name: nameInput.optional(),
          avatarUploadId: idInput.nullish(),
          email: emailInput.optional(),
          password: currentPasswordInput.optional(),
        }),
      )
      .mutation(({ ctx, input }): Promise<Me> => updateProfile(s, ctx.user.id, input)),

    /** The team directory: every active person of this server but you, by name or e-mail. */
    directory: authedProcedure
      .input(z.object({ query: z.string().max(100, 'Search for at most 100 characters.').optional() }).optional())
      .query(({ ctx, input }): DirectoryEntry[] => directory(s, ctx.user.id, input?.query)),

    /** Deactivates your own account (needs your password): you are signed out everywhere; your messages stay. */
    deactivate: authedProcedure.input(z.object({ password: currentPasswordInput })).mutation(async ({ ctx, input }) => {
      await deactivateSelf(s, ctx.user.id, input.password);
      ctx.setSessionCookie(null);
      return { ok: true as const };
    }),
  });
}
