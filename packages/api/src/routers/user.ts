import { z } from 'zod';
import { idInput, nameInput } from '../fields.js';
import { authedProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import { updateProfile, type Me } from '../services/users.js';
import { router } from '../trpc.js';

export function userRouter(s: Services) {
  return router({
    updateProfile: authedProcedure
      .input(z.object({ name: nameInput.optional(), avatarUploadId: idInput.nullish() }))
      .mutation(({ ctx, input }): Me => updateProfile(s, ctx.user.id, input)),
  });
}
