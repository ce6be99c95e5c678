import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from '@confab/api/router';

/** The plain tRPC client underneath: one property per router namespace. */
export type ConfabTRPCClient = TRPCClient<AppRouter>;
