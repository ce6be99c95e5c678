import { useMutation, useQuery } from '@tanstack/react-query';
import type { Me } from '@confab/api/router';
import { queryClient, resetForNewSession, trpc } from '../lib/trpc.js';

/** The signed-in user, null when signed out, undefined while the first check runs. */
export function useMe() {
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: Infinity });
}

async function becomeUser(user: Me | null) {
  await resetForNewSession();
  queryClient.setQueryData(trpc.auth.me.queryKey(), user);
}

export function useSignIn() {
  return useMutation(trpc.auth.login.mutationOptions({ onSuccess: (result) => becomeUser(result.user) }));
}

export function useSignUp() {
  return useMutation(trpc.auth.register.mutationOptions({ onSuccess: (result) => becomeUser(result.user) }));
}

export function useSignOut() {
  return useMutation(trpc.auth.logout.mutationOptions({ onSettled: () => becomeUser(null) }));
}
