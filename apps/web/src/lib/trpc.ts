import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { TRPCClientError, createTRPCClient, createWSClient, httpBatchLink, retryLink, splitLink, wsLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@confab/api/router';

/** Reconnect backoff: never 0 ms, so a refused socket cannot become a hot loop. */
const reconnectDelayMs = (attempt: number) => Math.min(500 * 2 ** attempt, 10_000);

const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/trpc`;

/**
 * One socket for every subscription. The browser authenticates it with the HttpOnly session
 * cookie, so after a sign-in or sign-out it is closed and reopens with the new cookie.
 */
export const wsClient = createWSClient({ url: wsUrl, retryDelayMs: reconnectDelayMs });

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: [
        // A server error mid-stream resumes from the last tracked event instead of ending the stream.
        retryLink({
          retry: ({ error, attempts }) => attempts < 8 && (error.data?.code === 'INTERNAL_SERVER_ERROR' || !error.data),
          retryDelayMs: reconnectDelayMs,
        }),
        wsLink({ client: wsClient }),
      ],
      false: httpBatchLink({ url: '/trpc', maxURLLength: 2000 }),
    }),
  ],
});

/** A session that ended elsewhere (signed out in another tab, expired) sends this tab back to sign-in. */
export function onApiError(error: unknown) {
  if (!(error instanceof TRPCClientError) || error.data?.code !== 'UNAUTHORIZED') return;
  if (queryClient.getQueryData(trpc.auth.me.queryKey())) queryClient.setQueryData(trpc.auth.me.queryKey(), null);
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 },
    mutations: { retry: false },
  },
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/**
 * Drops the socket and everything cached for the previous user after the session changed.
 * The `auth.me` query stays (its observer keeps watching it); the caller sets its new value.
 */
export async function resetForNewSession(): Promise<void> {
  await wsClient.close();
  const meKey = JSON.stringify(trpc.auth.me.queryKey());
  queryClient.removeQueries({ predicate: (query) => JSON.stringify(query.queryKey) !== meKey });
}
