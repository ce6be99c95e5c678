import { z } from 'zod';
import { idInput } from '../fields.js';
import { visibleName } from '../names.js';
import { authedProcedure } from '../procedures.js';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyDto } from '../services/api-keys.js';
import type { Services } from '../services/index.js';
import { router } from '../trpc.js';

export function apiKeyRouter(s: Services) {
  return router({
    /** A personal key for your own scripts: `Authorization: Bearer <apiKey>`. Shown only in this answer. */
    create: authedProcedure
      .input(
        z.object({
          label: visibleName('Label', 80),
          expiresInDays: z
            .number({ message: 'expiresInDays must be a number of days.' })
            .int('expiresInDays must be a whole number.')
            .min(1, 'expiresInDays must be at least 1.')
            .max(3650, 'expiresInDays must be at most 3650 (ten years); leave it out for a key that does not expire.')
            .optional(),
        }),
      )
      .mutation(({ ctx, input }): { apiKey: string; key: ApiKeyDto } => createApiKey(s, { ...ctx.user, sessionId: ctx.sessionId }, input)),

    /** Your keys that are not revoked, newest first: labels and first characters, never the keys. */
    list: authedProcedure.query(({ ctx }): ApiKeyDto[] => listApiKeys(s, { ...ctx.user, sessionId: ctx.sessionId })),

    /** Stops the key at once; its open sockets close. */
    revoke: authedProcedure
      .input(z.object({ keyId: idInput }))
      .mutation(({ ctx, input }): ApiKeyDto => revokeApiKey(s, { ...ctx.user, sessionId: ctx.sessionId }, input.keyId)),
  });
}
