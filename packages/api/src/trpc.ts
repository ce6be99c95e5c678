import { initTRPC } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Context } from './context.js';
import { diskFull } from './errors.js';

/** What a caller hears about a failure of ours: its details (SQL, paths, stack) stay in the server's log. */
const INTERNAL_MESSAGE = 'Something went wrong on the server. Try again; if it keeps happening, tell the server admin.';

const t = initTRPC.context<Context>().create({
  // Live data comes over the WebSocket only: an HTTP (SSE) stream would escape sign-out and the
  // slow-reader guard, and neither client uses one.
  sse: { enabled: false },
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const isInternal = error.code === 'INTERNAL_SERVER_ERROR';
    return {
      ...shape,
      // One readable sentence per bad field, e.g. "password: Too small: expected string to have >=8 characters".
      message: isInternal ? INTERNAL_MESSAGE : zodError ? describeZodError(zodError) : shape.message,
      data: { ...shape.data, stack: undefined, fieldErrors: zodError ? z.flattenError(zodError).fieldErrors : undefined },
    };
  },
});

function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

function isDiskFull(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && 'code' in cause && cause.code === 'SQLITE_FULL';
}

export const router = t.router;
/** the procedure every base in `procedures.ts` starts from; a full disk becomes a typed error here, once for all */
export const baseProcedure = t.procedure.use(async function diskFullIsTyped({ next }) {
  const result = await next();
  if (!result.ok && isDiskFull(result.error.cause)) throw diskFull(result.error.cause);
  return result;
});
