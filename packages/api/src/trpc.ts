import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Context } from './context.js';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // One readable sentence per bad field, e.g. "password: Too small: expected string to have >=8 characters".
      message: zodError ? describeZodError(zodError) : shape.message,
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

export const router = t.router;
export const middleware = t.middleware;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;

/** Narrows the context to a signed-in user once, so handlers never null-check it. */
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  // The session row is checked on every call, so a logout revokes at once even on a long-lived socket.
  if (!ctx.user || !ctx.sessionId || !ctx.isSessionLive()) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first: this needs a signed-in user.' });
  }
  return next({ ctx: { ...ctx, user: ctx.user, sessionId: ctx.sessionId } });
});
