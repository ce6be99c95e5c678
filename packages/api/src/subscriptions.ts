import type { Connection } from './context.js';

// Shared pieces of the subscription procedures.

/** Past this much unsent data, ephemeral updates (typing, presence) to a socket are skipped, not queued. */
const EPHEMERAL_BUFFER_LIMIT = 256 * 1024;

export const isBackedUp = (connection: Connection | null) => connection !== null && connection.bufferedAmount > EPHEMERAL_BUFFER_LIMIT;

/** tRPC passes no signal to direct server-side callers; such a stream simply never aborts. */
export const orNever = (signal: AbortSignal | undefined) => signal ?? new AbortController().signal;

/** Resolves once `signal` aborts (at once if it has). */
export const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
