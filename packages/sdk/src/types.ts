import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@confab/api/router';

export type { AppRouter } from '@confab/api/router';
export type * from '@confab/api/router';

/** Input and output types of every procedure, e.g. `RouterOutputs['auth']['me']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
