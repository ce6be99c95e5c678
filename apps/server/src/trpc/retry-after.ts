import type { TRPCError } from '@trpc/server';

// Every TOO_MANY_REQUESTS in the API's error catalogue says "Try again in N seconds."
const TRY_AGAIN = /Try again in (\d+) seconds?/;

/** A refused-for-now call carries `Retry-After`, so programs can wait exactly as long as told. */
export function retryAfterHeader(errors: readonly TRPCError[]): { headers?: Record<string, string> } {
  for (const error of errors) {
    if (error.code !== 'TOO_MANY_REQUESTS') continue;
    const seconds = TRY_AGAIN.exec(error.message)?.[1];
    if (seconds) return { headers: { 'Retry-After': seconds } };
  }
  return {};
}
