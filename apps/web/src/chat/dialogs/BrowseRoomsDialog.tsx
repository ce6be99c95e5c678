import { keepPreviousData, useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/errors.js';
import { trpc } from '../../lib/trpc.js';
import { Dialog } from '../../ui/Dialog.js';
import { addRoom } from '../cache.js';
import { openRoom } from '../browser-page.js';

export function BrowseRoomsDialog({ onClose }: { onClose: () => void }) {
  const [filter, setFilter] = useState('');
  // The server filters by name and pages (50 at a time), so no number of rooms sorting first hides the rest.
  const rooms = useInfiniteQuery(
    trpc.room.browse.infiniteQueryOptions(
      { query: filter.trim() || undefined, limit: 50 },
      { staleTime: 0, placeholderData: keepPreviousData, getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const join = useMutation(
    trpc.room.join.mutationOptions({
      onSuccess: (room) => {
        addRoom(room);
        openRoom(room.id);
        onClose();
      },
    }),
  );
  const visible = rooms.data?.pages.flatMap((page) => page.rooms) ?? [];
  return (
    <Dialog title="Browse public rooms" onClose={onClose}>
      <div className="field">
        <label htmlFor="room-filter" className="sr-only">
          Filter rooms
        </label>
        <input id="room-filter" placeholder="Filter by name" value={filter} onChange={(e) => setFilter(e.target.value)} autoFocus />
      </div>
      {join.error && (
        <p className="form-error" role="alert">
          {errorMessage(join.error)}
        </p>
      )}
      {rooms.isPending ? (
        <p className="dialog-empty">Loading…</p>
      ) : visible.length === 0 ? (
        <p className="dialog-empty">{filter.trim() ? 'No room matches that name.' : 'No public rooms yet. Create the first one!'}</p>
      ) : (
        <ul className="browse-list" aria-label="Public rooms">
          {visible.map((room) => (
            <li key={room.id}>
              <div className="browse-text">
                <strong># {room.name}</strong>
                <span>
                  {room.memberCount} member{room.memberCount === 1 ? '' : 's'}
                  {room.topic ? ` · ${room.topic}` : ''}
                </span>
              </div>
              {room.isMember ? (
                <button
                  className="button button-small"
                  onClick={() => {
                    openRoom(room.id);
                    onClose();
                  }}
                >
                  Open
                </button>
              ) : (
                <button
                  className="button button-small button-primary"
                  aria-label={`Join ${room.name}`}
                  onClick={() => join.mutate({ roomId: room.id })}
                  disabled={join.isPending}
                >
                  Join
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {rooms.hasNextPage && (
        <button className="button button-small" onClick={() => void rooms.fetchNextPage()} disabled={rooms.isFetchingNextPage}>
          {rooms.isFetchingNextPage ? 'Loading…' : 'Load more rooms'}
        </button>
      )}
    </Dialog>
  );
}
