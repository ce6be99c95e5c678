import { TRPCError } from '@trpc/server';
import type { FastifyReply } from 'fastify';
import { namedPlugin } from '../named-plugin.js';
import { retryAfterHeader } from '../trpc/retry-after.js';
import { replyError } from './reply-error.js';

/** A message is at most 4,000 characters; a body well past that is refused before it is read whole. */
const BODY_LIMIT_BYTES = 64 * 1024;
const SECRET_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;
const NOT_FOUND = 'No webhook has this URL: it was revoked or never existed. Ask a member of the room for a new one.';

/** The JSON form of a post: `{"text": "...", "clientId": "..."}` (a retry with the same clientId posts once). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * POST /hooks/<secret> (issue 11): posts the body into the webhook's room as its bot. A plain
 * body is the text, whatever its Content-Type (`curl -d` sends form-urlencoded, unencoded);
 * `application/json` is `{"text", "clientId"}`. 201 `{ id }`; 400 for an empty, oversized or
 * unreadable body; 404 for an unknown or revoked URL alike; 429 with Retry-After past the limit.
 * The secret is in the path, so the request log shows `/hooks/[redacted]` (observability/logger.ts).
 */
export const webhookRoutes = namedPlugin(
  'confab-webhooks',
  async (app) => {
    const { api } = app.confab;
    await app.register(async (hooks) => {
      hooks.removeAllContentTypeParsers();
      hooks.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
      hooks.setErrorHandler((error: Error & { code?: string }, _request, reply) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
          return replyError(reply, 400, `The message is too long: a webhook post is at most 4,000 characters.`);
        throw error;
      });

      hooks.post<{ Params: { secret: string } }>('/hooks/:secret', async (request, reply) => {
        const { secret } = request.params;
        if (!SECRET_SHAPE.test(secret)) return replyError(reply, 404, NOT_FOUND);
        const raw = typeof request.body === 'string' ? request.body : '';
        let input: { text: unknown; clientId?: unknown } = { text: raw };
        if (/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(raw);
          } catch {
            return replyError(reply, 400, 'The body is not valid JSON: send {"text": "...", "clientId": "..."}, or plain text.');
          }
          if (!isObject(parsed)) return replyError(reply, 400, 'The JSON body must be an object: {"text": "...", "clientId": "..."}.');
          input = { text: parsed.text, clientId: parsed.clientId };
        }
        try {
          const result = api.postToWebhook(secret, input);
          switch (result.outcome) {
            case 'posted':
              return await reply.code(201).send({ id: result.message.id });
            case 'unknown':
              return replyError(reply, 404, NOT_FOUND);
            case 'invalid':
              return replyError(reply, 400, result.message);
            case 'rate-limited':
              return replyError(
                reply.header('Retry-After', String(result.retryAfterSeconds)),
                429,
                `Too many posts to this webhook. Try again in ${result.retryAfterSeconds} seconds.`,
              );
          }
        } catch (error) {
          if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return refused(reply, error);
          throw error;
        }
      });
    });
  },
  { decorators: ['confab'] },
);

const STATUS_OF: Partial<Record<TRPCError['code'], number>> = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** The send's own typed refusals (its rate limit, an archived room, a full disk), as plain HTTP. */
function refused(reply: FastifyReply, error: TRPCError): FastifyReply {
  for (const [name, value] of Object.entries(retryAfterHeader([error]).headers ?? {})) reply.header(name, value);
  return replyError(reply, STATUS_OF[error.code] ?? 400, error.message);
}
