import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/errors.js';
import { trpc } from '../../lib/trpc.js';
import { Dialog } from '../../ui/Dialog.js';
import { addRoom } from '../cache.js';
import { openRoom } from '../browser-page.js';

export function BrowseRoomsDialog({ onClose }: { onClose: () => void }) {
  const rooms = useQuery(trpc.room.browse.queryOptions(undefined, { staleTime: 0 }));
  const [filter, setFilter] = useState('');
  const join = useMutation(
    trpc.room.join.mutationOptions({
      onSuccess: (room) => {
        addRoom(room);
        openRoom(room.id);
        onClose();
      },
    }),
  );
  const visible = (rooms.data ?? []).filter((room) => room.name.toLowerCase().includes(filter.trim().toLowerCase()));
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
        <p className="dialog-empty">{rooms.data?.length ? 'No room matches that name.' : 'No public rooms yet. Create the first one!'}</p>
      ) : (
        <ul className="browse-list">
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
    </Dialog>
  );
}
