import type { AnyRouter } from '@trpc/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { replyTrpcError } from './reply-trpc-error.js';

export interface RequestGuardOptions {
  /** the most procedure calls one batched request may hold */
  maxBatchSize: number;
  /** a JSON body not received whole by then closes the connection with a 408 */
  bodyTimeoutMs: number;
}

/**
 * Refuses, before any of the body is read, what neither client sends and what would cost the
 * server more than the caller: a body that is not JSON (tRPC would read a multipart or binary
 * body into memory itself, beyond Fastify's 1 MB limit, and a form post could sign a user out
 * from a sibling site), a batch of more calls than a client ever groups, and a subscription
 * over plain HTTP (live data comes over the WebSocket, where sign-out and the slow-reader
 * guard reach it).
 */
export function trpcRequestGuard(router: AnyRouter, { maxBatchSize, bodyTimeoutMs }: RequestGuardOptions) {
  const procedures = router._def.procedures as Record<string, { _def: { type: string } } | undefined>;

  return async function guardTrpcRequest(request: FastifyRequest, reply: FastifyReply) {
    if (request.ws || !request.url.startsWith('/trpc/')) return;
    const pathEnd = request.url.indexOf('?');
    const paths = safeDecode(request.url.slice('/trpc/'.length, pathEnd === -1 ? undefined : pathEnd)).split(',');

    if (request.method === 'POST' && hasBody(request) && mediaType(request) !== 'application/json') {
      // Connection: close, so the unread body is not drained to reuse the connection.
      reply.header('Connection', 'close');
      return replyTrpcError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send tRPC calls as application/json.');
    }
    // At most 1 MB, so a body trickled in byte by byte past this is an attack, not a slow network.
    if (request.method === 'POST' && hasBody(request)) closeIfBodyIsLate(request, bodyTimeoutMs);
    if (paths.length > maxBatchSize) {
      return replyTrpcError(reply, 400, 'BAD_REQUEST', `A batch may hold at most ${maxBatchSize} calls: split it into smaller batches.`);
    }
    if (paths.some((path) => procedures[path]?._def.type === 'subscription')) {
      return replyTrpcError(reply, 405, 'METHOD_NOT_SUPPORTED', 'Subscriptions are served over the WebSocket at /trpc only.');
    }
  };
}

function closeIfBodyIsLate(request: FastifyRequest, timeoutMs: number): void {
  const raw = request.raw;
  const timer = setTimeout(() => {
    raw.socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    raw.socket.destroySoon();
  }, timeoutMs);
  const stop = () => clearTimeout(timer);
  raw.once('end', stop);
  raw.once('close', stop);
}

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
