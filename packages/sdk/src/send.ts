import { TRPCClientError } from '@trpc/client';
import { sleep } from './backoff.js';
import { newClientId } from './client-id.js';
import type { ConfabTRPCClient } from './trpc-client.js';

export interface SendOptions {
  attachmentIds?: string[];
  /** your own idempotency key (e.g. saved before a crash); by default a fresh UUID per call */
  clientId?: string;
  /** how many times to retry a network error or 5xx before giving up; default 5 */
  retries?: number;
  /** stops retrying; the last error is thrown */
  signal?: AbortSignal;
}

export type SentMessage = Awaited<ReturnType<ConfabTRPCClient['message']['send']['mutate']>>;

/**
 * Sends with one clientId across every retry: the server stores one message per (author, clientId)
 * and answers a repeat with the stored one, so a retry after a lost response never doubles a message.
 */
export async function sendMessage(trpc: ConfabTRPCClient, roomId: string, body: string, options: SendOptions = {}): Promise<SentMessage> {
  const clientId = options.clientId ?? newClientId();
  const retries = options.retries ?? 5;
  for (let attempt = 0; ; attempt++) {
    try {
      return await trpc.message.send.mutate({ roomId, body, clientId, attachmentIds: options.attachmentIds });
    } catch (error) {
      if (attempt >= retries || options.signal?.aborted || !isTransient(error)) throw error;
      await sleep(Math.min(200 * 2 ** attempt, 5_000), options.signal);
    }
  }
}

/** A network failure (no tRPC error body) or a server-side 5xx; 4xx answers are final. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const status: unknown = error.data?.httpStatus;
  return typeof status !== 'number' || status >= 500;
}
