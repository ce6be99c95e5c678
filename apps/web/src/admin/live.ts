import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { Me, SyncEvent } from '@confab/api/router';
import { onApiError, trpc } from '../lib/trpc.js';

/**
 * The admin page's own live stream: the chat's is not running while the page is shown. A person's
 * change (`user.updated`: a sign-up, a new role, a rename, a deactivation, from this page, another
 * admin or the `confab` CLI) refreshes the people list; a change of mine refreshes my session too, so
 * an admin who lost the role is taken back to the chat. The stream starts at "now": the page's queries
 * load what came before.
 */
export function useAdminLive(me: Me): void {
  const queryClient = useQueryClient();
  const apply = (event: SyncEvent) => {
    if (event.type !== 'user.updated' && event.type !== 'sync.reset') return;
    void queryClient.invalidateQueries({ queryKey: trpc.admin.users.pathKey() });
    if (event.type === 'sync.reset' || event.user.id === me.id) void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
  };
  useSubscription(trpc.sync.onEvent.subscriptionOptions({}, { onData: (tracked) => apply(tracked.data), onError: onApiError }));
}
