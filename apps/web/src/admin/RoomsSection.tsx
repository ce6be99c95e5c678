import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../lib/errors.js';
import { trpc } from '../lib/trpc.js';

/** Every group room, private ones the admin is not in included: rename, archive, delete, change owner. */
export function RoomsSection() {
  const rooms = useQuery(trpc.admin.rooms.queryOptions());
  const users = useQuery(trpc.admin.users.queryOptions());
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.rooms.queryKey() });
  const update = useMutation(trpc.admin.updateRoom.mutationOptions({ onSuccess: refresh }));
  const archive = useMutation(trpc.admin.archiveRoom.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.admin.deleteRoom.mutationOptions({ onSuccess: refresh }));
  const owner = useMutation(trpc.admin.setRoomOwner.mutationOptions({ onSuccess: refresh }));
  const failure = update.error ?? archive.error ?? remove.error ?? owner.error;

  return (
    <section className="admin-section" aria-labelledby="admin-rooms">
      <h2 id="admin-rooms">Rooms</h2>
      {failure && (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      )}
      {rooms.isPending ? (
        <p className="admin-muted">Loading…</p>
      ) : rooms.isError ? (
        <p role="alert">{errorMessage(rooms.error)}</p>
      ) : rooms.data.length === 0 ? (
        <p className="admin-muted">No rooms yet.</p>
      ) : (
        <ul className="admin-list" aria-label="Rooms">
          {rooms.data.map((room) => (
            <li key={room.id} className="admin-row" aria-label={`Room ${room.name}`}>
              <div className="admin-row-main">
                <span className="admin-row-title">
                  {room.visibility === 'private' ? '🔒 ' : '# '}
                  {room.name}
                  {room.archivedAt && <span className="admin-tag admin-tag-off">Archived</span>}
                  {room.isDefault && <span className="admin-tag">Default</span>}
                </span>
                <span className="admin-muted">
                  {room.memberCount} member{room.memberCount === 1 ? '' : 's'} · {room.messageCount} message{room.messageCount === 1 ? '' : 's'} ·
                  owner {room.owners.map((person) => person.name).join(', ') || 'none'}
                </span>
              </div>
              <div className="admin-row-actions">
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    const name = prompt('New name for the room', room.name);
                    if (name && name !== room.name) update.mutate({ roomId: room.id, name });
                  }}
                >
                  Rename
                </button>
                <select
                  className="admin-select"
                  aria-label={`Owner of ${room.name}`}
                  value=""
                  onChange={(event) => event.target.value && owner.mutate({ roomId: room.id, userId: event.target.value })}
                >
                  <option value="">Change owner…</option>
                  {(users.data ?? [])
                    .filter((person) => person.status === 'active')
                    .map((person) => (
                      <option key={person.user.id} value={person.user.id}>
                        {person.user.name}
                      </option>
                    ))}
                </select>
                <button type="button" className="button button-small" onClick={() => archive.mutate({ roomId: room.id, archived: !room.archivedAt })}>
                  {room.archivedAt ? 'Unarchive' : 'Archive'}
                </button>
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => {
                    if (confirm(`Delete #${room.name} and all of its messages? This cannot be undone.`)) remove.mutate({ roomId: room.id });
                  }}
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
