import { authRouter } from './routers/auth.js';
import { userRouter } from './routers/user.js';
import type { Services } from './services/index.js';
import { router } from './trpc.js';

/** One router per noun; each is a plain object of procedures over the shared services. */
export function createAppRouter(s: Services) {
  return router({
    auth: authRouter(s),
    user: userRouter(s),
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
