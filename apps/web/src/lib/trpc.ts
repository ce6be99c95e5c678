import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { createConfabClient, TRPCClientError, type AppRouter } from '@confab/sdk';

/**
 * The one client, from the SDK: its reconnect policy, keepalive and connection state are the
 * ones every program gets, and so is its choice of transport: mutations (sends, reactions, read
 * markers) go over the open socket, sign-in and sign-out over HTTP (they set the cookie). Cookie mode (no token): the browser sends the HttpOnly session
 * cookie, and after a sign-in or sign-out `reconnect()` makes the socket pick up the new one.
 */
export const client = createConfabClient({ url: location.origin });

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

/** The React Query bindings, built on the SDK's own tRPC client. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: client.trpc, queryClient });

/**
 * Reopens the socket with the new session cookie and drops everything cached for the previous
 * user. The `auth.me` query stays (its observer keeps watching it); the caller sets its new value.
 */
export async function resetForNewSession(): Promise<void> {
  await client.reconnect();
  const meKey = JSON.stringify(trpc.auth.me.queryKey());
  queryClient.removeQueries({ predicate: (query) => JSON.stringify(query.queryKey) !== meKey });
}
