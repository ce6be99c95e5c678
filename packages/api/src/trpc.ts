import { initTRPC } from '@trpc/server';
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
/** the procedure every base in `procedures.ts` starts from */
export const baseProcedure = t.procedure;
