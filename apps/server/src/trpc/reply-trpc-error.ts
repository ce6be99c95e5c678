import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { FastifyReply } from 'fastify';

export type TrpcErrorKey = keyof typeof TRPC_ERROR_CODES_BY_KEY;

/** tRPC's JSON error envelope, for refusals made before tRPC sees a request. */
export function trpcErrorBody(code: TrpcErrorKey, httpStatus: number, message: string) {
  return { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus } } };
}

/**
 * Answers a /trpc request the way tRPC would have refused it, so clients read `data.code`
 * (PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, ...) rather than an unreadable response.
 */
export function replyTrpcError(reply: FastifyReply, httpStatus: number, code: TrpcErrorKey, message: string): FastifyReply {
  return reply.code(httpStatus).send(trpcErrorBody(code, httpStatus, message));
}
