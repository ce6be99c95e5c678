import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@confab/db';
import { idInput, nameInput } from '../inputs.js';
import type { Services } from '../services/index.js';
import { findUserById, toMe, type Me } from '../services/users.js';
import { authedProcedure, router } from '../trpc.js';

export function userRouter(s: Services) {
  return router({
    updateProfile: authedProcedure
      .input(z.object({ name: nameInput.optional(), avatarUploadId: idInput.nullish() }))
      .mutation(({ ctx, input }): Me => {
        if (input.avatarUploadId) s.uploads.assertAvatar(ctx.user.id, input.avatarUploadId);
        const changes: Partial<typeof users.$inferInsert> = {};
        if (input.name !== undefined) changes.name = input.name;
        if (input.avatarUploadId !== undefined) changes.avatarUploadId = input.avatarUploadId;
        if (Object.keys(changes).length > 0) s.db.update(users).set(changes).where(eq(users.id, ctx.user.id)).run();
        const user = findUserById(s.db, ctx.user.id);
        if (!user) throw new TRPCError({ code: 'NOT_FOUND', message: 'Your account no longer exists.' });
        return toMe(user);
      }),
  });
}
