import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import type { PublicUser, RoomDto } from '@confab/api/router';
import { errorMessage } from '../../lib/errors.js';
import { trpc } from '../../lib/trpc.js';
import { Avatar } from '../../ui/Avatar.js';
import { Dialog } from '../../ui/Dialog.js';

/** Adds people from the team directory (everyone active on this server), searched as you type. */
export function AddPeopleDialog({ room, onClose }: { room: RoomDto; onClose: () => void }) {
  const searchId = useId();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query.trim());
  const people = useQuery({
    ...trpc.user.directory.queryOptions(deferredQuery ? { query: deferredQuery } : {}),
    placeholderData: keepPreviousData,
  });
  const members = useQuery(trpc.room.members.queryOptions({ roomId: room.id }));
  const queryClient = useQueryClient();
  // Kept by id with the person, so a choice survives a new search that no longer lists them.
  const [chosen, setChosen] = useState<Map<string, PublicUser>>(new Map());
  const add = useMutation(
    trpc.room.addMembers.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.room.members.queryKey({ roomId: room.id }) });
        onClose();
      },
    }),
  );
  const memberIds = new Set((members.data ?? []).map((m) => m.user.id));
  const toggle = (user: PublicUser, checked: boolean) => {
    const next = new Map(chosen);
    if (checked) next.set(user.id, user);
    else next.delete(user.id);
    setChosen(next);
  };
  const results = people.data ?? [];
  return (
    <Dialog title={`Add people to ${room.name}`} onClose={onClose}>
      <div className="field">
        <label htmlFor={searchId}>Search people</label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Name or e-mail"
          autoComplete="off"
          autoFocus
        />
      </div>
      {people.isError ? (
        <p className="form-error" role="alert">
          {errorMessage(people.error)}
        </p>
      ) : people.isPending ? (
        <p className="dialog-empty">Loading…</p>
      ) : results.length === 0 ? (
        <p className="dialog-empty">{deferredQuery ? `Nobody in the team matches “${deferredQuery}”.` : 'Nobody else is in the team yet.'}</p>
      ) : (
        <ul className="invite-list directory-results" aria-label="People">
          {results.map((entry) => {
            const here = memberIds.has(entry.user.id);
            return (
              <li key={entry.user.id}>
                <label className="invite">
                  <input
                    type="checkbox"
                    disabled={here}
                    checked={here || chosen.has(entry.user.id)}
                    onChange={(event) => toggle(entry.user, event.target.checked)}
                  />
                  <Avatar name={entry.user.name} url={entry.user.avatarUrl} size={22} />
                  <span className="directory-name">{entry.user.name}</span>
                  <span className="admin-muted directory-email">{here ? 'already here' : entry.email}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {chosen.size > 0 && (
        <p className="directory-chosen" role="status">
          Adding {[...chosen.values()].map((user) => user.name).join(', ')}
        </p>
      )}
      {add.error && (
        <p className="form-error" role="alert">
          {errorMessage(add.error)}
        </p>
      )}
      <div className="dialog-actions">
        <button className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          className="button button-primary"
          disabled={chosen.size === 0 || add.isPending}
          onClick={() => add.mutate({ roomId: room.id, userIds: [...chosen.keys()] })}
        >
          {chosen.size > 1 ? `Add ${chosen.size} people` : 'Add'}
        </button>
      </div>
    </Dialog>
  );
}
