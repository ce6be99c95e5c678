import { namedPlugin } from '../named-plugin.js';
import { replyError } from './reply-error.js';

/** tRPC's code for PAYLOAD_TOO_LARGE in its JSON-RPC error shape. */
const TRPC_PAYLOAD_TOO_LARGE = -32013;

/**
 * The one error handler: a refused request (4xx) hears why; an unexpected failure (5xx) is
 * logged here and answered with a bland message, so no stack, query or path leaves the server.
 */
export const errorHandler = namedPlugin('confab-error-handler', async (app) => {
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return replyError(reply, status, 'Something went wrong on the server.', 'Internal Server Error');
    }
    if (status === 413 && request.url.startsWith('/trpc')) {
      // Shaped as a tRPC error, so clients see `data.code === 'PAYLOAD_TOO_LARGE'` rather than an unreadable response.
      const trpcError = {
        message: 'Request is too large (at most 1 MB).',
        code: TRPC_PAYLOAD_TOO_LARGE,
        data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 },
      };
      return reply.code(413).send({ error: trpcError });
    }
    return replyError(reply, status, error.message, error.code ?? 'Bad Request');
  });
});
