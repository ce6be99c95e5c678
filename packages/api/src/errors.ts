import { TRPCError } from '@trpc/server';
import type { RateLimiter } from './rate-limit.js';

/**
 * Every error a caller can get back, by name. The message is the sentence the caller reads,
 * so it says what to fix; the code is the class of failure (tRPC maps it to an HTTP status).
 */
export const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });
export const unauthorized = (message: string) => new TRPCError({ code: 'UNAUTHORIZED', message });
export const forbidden = (message: string) => new TRPCError({ code: 'FORBIDDEN', message });
/** also what a caller gets for something that exists but is not theirs to see, so existence does not leak */
export const notFound = (message: string) => new TRPCError({ code: 'NOT_FOUND', message });
export const conflict = (message: string) => new TRPCError({ code: 'CONFLICT', message });
/** the server is not set up for this (no SMTP for a mailed reset link, say) */
export const preconditionFailed = (message: string) => new TRPCError({ code: 'PRECONDITION_FAILED', message });
export const payloadTooLarge = (message: string) => new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message });

/** SQLite could not write (SQLITE_FULL): nothing was saved, reads still work, and SQLite's own text stays in the log. */
export const diskFull = (cause: unknown) =>
  new TRPCError({
    code: 'SERVICE_UNAVAILABLE',
    message: "The server's disk is full, so nothing was saved. Try again later; the server admin needs to free space.",
    cause,
  });

/** `limiter` refused `key`: "Too many {what}. Try again in N seconds." */
export const tooManyRequests = (limiter: RateLimiter, key: string, what: string) =>
  new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `Too many ${what}. Try again in ${limiter.retryAfter(key)} seconds.` });

// The two lookups every room-scoped and message-scoped call makes.
export const roomNotFound = () => notFound('Room not found.');
export const messageNotFound = () => notFound('Message not found.');
