import { useMutation, useQuery } from '@tanstack/react-query';
import { queryClient, resetForNewSession, trpc } from '../lib/trpc.js';
import type { Me } from '@confab/api/router';

/** The team's public facts: its name, whether the server still needs setting up, the sign-up mode. */
export function useTeamInfo() {
  return useQuery({ ...trpc.team.info.queryOptions(), staleTime: 60_000 });
}

/** What the path names before sign-in: /join/<code> (an invite link) or /reset/<token> (a reset link). */
export type LinkRoute = { kind: 'join'; code: string } | { kind: 'reset'; token: string } | null;

export function readLinkRoute(pathname = location.pathname): LinkRoute {
  const join = pathname.match(/^\/join\/([\w-]+)\/?$/);
  if (join?.[1]) return { kind: 'join', code: join[1] };
  const reset = pathname.match(/^\/reset\/([\w-]+)\/?$/);
  if (reset?.[1]) return { kind: 'reset', token: reset[1] };
  return null;
}

/** Back to the app's own address once a link has done its job, so a reload does not reopen it. */
export function leaveLink(): void {
  history.replaceState(null, '', '/');
}

async function becomeUser(user: Me) {
  leaveLink();
  await resetForNewSession();
  queryClient.setQueryData(trpc.auth.me.queryKey(), user);
  await queryClient.invalidateQueries({ queryKey: trpc.team.info.queryKey() });
}

export function useSetup() {
  return useMutation(
    trpc.auth.setup.mutationOptions({
      onSuccess: (result) => becomeUser(result.user),
      // Someone else set the server up while this page was open: show the usual sign-in and sign-up instead.
      onError: (error) => {
        if (error.data?.code === 'CONFLICT') void queryClient.invalidateQueries({ queryKey: trpc.team.info.queryKey() });
      },
    }),
  );
}

export function useJoin() {
  return useMutation(trpc.auth.register.mutationOptions({ onSuccess: (result) => becomeUser(result.user) }));
}
