import { infiniteQueryOptions, type InfiniteData } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { HistoryPage } from '@confab/api/router';
import { useConnectionStatus } from '../lib/connection.js';
import { client } from '../lib/trpc.js';

/**
 * A room's history as one infinite query per place it was opened at: the newest messages
 * (`anchor` null), or around one message (a permalink, the first unread). Pages are kept newest
 * first: older pages are appended (`fetchNextPage`), newer ones prepended (`fetchPreviousPage`).
 * A history whose first page has no `newerCursor` reaches the newest message, so live messages
 * join it; one that does not fetches them when the reader scrolls down to them.
 */

const HISTORY_PAGE = 50;

type PageParam = null | { around: number } | { cursor: number } | { after: number };
export type History = InfiniteData<HistoryPage, PageParam>;

/** every history of every room (the prefix of each key) */
export const allHistoriesKey = ['confab-history'] as const;
/** every history of a room, whatever its anchor */
export const roomHistoriesKey = (roomId: string) => [...allHistoriesKey, roomId] as const;
const historyKey = (roomId: string, anchor: number | null) => [...roomHistoriesKey(roomId), anchor ?? 'newest'] as const;

export function historyOptions(roomId: string, anchor: number | null) {
  return infiniteQueryOptions({
    queryKey: historyKey(roomId, anchor),
    queryFn: ({ pageParam }) => fetchPage(roomId, pageParam),
    initialPageParam: anchor === null ? null : { around: anchor },
    getNextPageParam: (last: HistoryPage): PageParam | undefined => (last.nextCursor === null ? undefined : { cursor: last.nextCursor }),
    getPreviousPageParam: (first: HistoryPage): PageParam | undefined => (first.newerCursor === null ? undefined : { after: first.newerCursor }),
    staleTime: Infinity,
  });
}

/**
 * A page read with `after` has no `nextCursor` (the reader came from there); it is filled in,
 * because a refetch walks from the first page towards older ones with `nextCursor` alone.
 */
async function fetchPage(roomId: string, param: PageParam): Promise<HistoryPage> {
  const page = await client.message.history.query({ roomId, limit: HISTORY_PAGE, ...param });
  if (param && 'after' in param) {
    const oldest = page.messages[page.messages.length - 1];
    return { ...page, nextCursor: oldest ? oldest.id : param.after + 1 };
  }
  return page;
}

/** true when the history's newest page is the room's newest (nothing newer left to fetch) */
export function reachesNewest(data: History): boolean {
  return (data.pages[0]?.newerCursor ?? null) === null;
}

/** A page that failed while the connection was down is asked for again once it is back (no scroll needed). */
export function useRetryWhenLive(history: {
  isFetchNextPageError: boolean;
  isFetchPreviousPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
  fetchPreviousPage: () => Promise<unknown>;
}): void {
  const live = useConnectionStatus() === 'live';
  const { isFetchNextPageError, isFetchPreviousPageError, fetchNextPage, fetchPreviousPage } = history;
  useEffect(() => {
    if (!live) return;
    if (isFetchNextPageError) void fetchNextPage();
    else if (isFetchPreviousPageError) void fetchPreviousPage();
  }, [live]); // eslint-disable-line react-hooks/exhaustive-deps -- only the connection coming back retries
}
