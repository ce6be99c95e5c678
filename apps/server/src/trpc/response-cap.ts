import type { FastifyReply, FastifyRequest } from 'fastify';
import { trpcErrorBody } from './reply-trpc-error.js';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * A hard cap on the bytes of one tRPC HTTP answer. A batch is bounded by its calls and their page
 * sizes (20 × 100 messages), but messages of the longest allowed body make that ~20 MB; past the
 * cap the whole answer is replaced by one PAYLOAD_TOO_LARGE (the client gives it to every call of
 * the batch) saying how to ask for less.
 */
export function trpcResponseCap(maxBytes: number) {
  return async function capTrpcResponse(request: FastifyRequest, _reply: FastifyReply, payload: unknown): Promise<unknown> {
    if (!(payload instanceof Response) || payload.body === null || !request.url.startsWith('/trpc/')) return payload;
    const bytes = await payload.arrayBuffer();
    if (bytes.byteLength <= maxBytes) return new Response(bytes, { status: payload.status, headers: payload.headers });
    request.log.warn({ bytes: bytes.byteLength, maxBytes }, 'refused a tRPC answer over the response cap');
    const message =
      `The answer to this request would be ${megabytes(bytes.byteLength)}, over the ${megabytes(maxBytes)} limit: ` +
      'ask for fewer calls at once or smaller pages (a lower limit).';
    return new Response(JSON.stringify(trpcErrorBody('PAYLOAD_TOO_LARGE', 413, message)), {
      status: 413,
      headers: { 'content-type': 'application/json' },
    });
  };
}
