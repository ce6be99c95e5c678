import { z } from 'zod';
import { authedProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import { searchMessages, type SearchPage } from '../services/search/index.js';
import { MAX_QUERY_LENGTH } from '../services/search/query.js';
import { router } from '../trpc.js';

export function searchRouter(s: Services) {
  return router({
    /** messages in my rooms and DMs, newest first; the query language is in services/search/query.ts */
    messages: authedProcedure
      .input(
        z.object({
          query: z
            .string({ message: 'query must be text: words, "a phrase", from:@name, in:#room, has:file, before:2026-11-30 ...' })
            .max(MAX_QUERY_LENGTH, `A search is at most ${MAX_QUERY_LENGTH} characters: shorten it.`),
          cursor: z
            .number({ message: 'cursor must be a message id (a number) from nextCursor.' })
            .int('cursor must be a whole number.')
            .positive('cursor must be above 0.')
            .nullish(),
          limit: z
            .number({ message: 'limit must be a number.' })
            .int('limit must be a whole number.')
            .min(1, 'limit must be at least 1.')
            .max(50, 'limit must be at most 50.')
            .default(20),
        }),
      )
      .query(({ ctx, input }): SearchPage => searchMessages(s, ctx.user.id, input)),
  });
}
