import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Me, RoomDto } from '@confab/api/router';
import { errorMessage, fieldErrors } from '../lib/errors.js';
import { queryClient as sharedQueryClient, trpc } from '../lib/trpc.js';
import { Avatar } from '../ui/Avatar.js';
import { Dialog } from '../ui/Dialog.js';
import { sortRooms } from './cache.js';
import { openRoom } from './route.js';
import { uploadFile } from './upload.js';

function addRoomToList(room: RoomDto) {
  sharedQueryClient.setQueryData(trpc.room.list.queryKey(), (rooms) => (rooms ? sortRooms([room, ...rooms.filter((r) => r.id !== room.id)]) : rooms));
}

export function CreateRoomDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const [invited, setInvited] = useState<Set<string>>(new Set());
  const contacts = useQuery(trpc.contact.list.queryOptions());
  const create = useMutation(
    trpc.room.create.mutationOptions({
      onSuccess: (room) => {
        addRoomToList(room);
        openRoom(room.id);
        onClose();
      },
    }),
  );
  const fields = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, topic: topic.trim() || null, visibility, memberIds: [...invited] });
  };
  return (
    <Dialog title="Create a room" onClose={onClose}>
      <form className="dialog-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="room-name">Room name</label>
          <input id="room-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. design-review" autoFocus aria-invalid={fields.name ? true : undefined} />
          {fields.name && <p className="field-error">{fields.name}</p>}
        </div>
        <div className="field">
          <label htmlFor="room-topic">Topic (optional)</label>
          <input id="room-topic" value={topic} onChange={(e) => setTopic(e.target.value)} placeholder="What is this room about?" />
          {fields.topic && <p className="field-error">{fields.topic}</p>}
        </div>
        <fieldset className="choice-group">
          <legend>Who can join</legend>
          <label className="choice">
            <input type="radio" name="visibility" checked={visibility === 'public'} onChange={() => setVisibility('public')} />
            <span>
              <strong>Public</strong>
              <span>Anyone can find and join it.</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="visibility" checked={visibility === 'private'} onChange={() => setVisibility('private')} />
            <span>
              <strong>Private</strong>
              <span>Only people you invite.</span>
            </span>
          </label>
        </fieldset>
        {(contacts.data?.length ?? 0) > 0 && (
          <fieldset className="choice-group">
            <legend>Invite contacts</legend>
            <div className="invite-list">
              {contacts.data?.map((contact) => (
                <label key={contact.user.id} className="invite">
                  <input
                    type="checkbox"
                    checked={invited.has(contact.user.id)}
                    onChange={(e) =>
                      setInvited((current) => {
                        const next = new Set(current);
                        if (e.target.checked) next.add(contact.user.id);
                        else next.delete(contact.user.id);
                        return next;
                      })
                    }
                  />
                  <Avatar name={contact.user.name} url={contact.user.avatarUrl} size={22} />
                  {contact.user.name}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {create.error && Object.keys(fields).length === 0 && (
          <p className="form-error" role="alert">
            {errorMessage(create.error)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Create room
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function BrowseRoomsDialog({ onClose }: { onClose: () => void }) {
  const rooms = useQuery(trpc.room.browse.queryOptions(undefined, { staleTime: 0 }));
  const [filter, setFilter] = useState('');
  const join = useMutation(
    trpc.room.join.mutationOptions({
      onSuccess: (room) => {
        addRoomToList(room);
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
                <button className="button button-small button-primary" aria-label={`Join ${room.name}`} onClick={() => join.mutate({ roomId: room.id })} disabled={join.isPending}>
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

export function AddPeopleDialog({ room, onClose }: { room: RoomDto; onClose: () => void }) {
  const contacts = useQuery(trpc.contact.list.queryOptions());
  const members = useQuery(trpc.room.members.queryOptions({ roomId: room.id }));
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const add = useMutation(
    trpc.room.addMembers.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.room.members.queryKey({ roomId: room.id }) });
        onClose();
      },
    }),
  );
  const memberIds = new Set((members.data ?? []).map((m) => m.user.id));
  const candidates = (contacts.data ?? []).filter((c) => !memberIds.has(c.user.id));
  return (
    <Dialog title={`Add people to ${room.name}`} onClose={onClose}>
      {candidates.length === 0 ? (
        <p className="dialog-empty">All your contacts are already here. Add contacts by email from the sidebar.</p>
      ) : (
        <div className="invite-list">
          {candidates.map((contact) => (
            <label key={contact.user.id} className="invite">
              <input
                type="checkbox"
                checked={chosen.has(contact.user.id)}
                onChange={(e) =>
                  setChosen((current) => {
                    const next = new Set(current);
                    if (e.target.checked) next.add(contact.user.id);
                    else next.delete(contact.user.id);
                    return next;
                  })
                }
              />
              <Avatar name={contact.user.name} url={contact.user.avatarUrl} size={22} />
              {contact.user.name}
            </label>
          ))}
        </div>
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
        <button className="button button-primary" disabled={chosen.size === 0 || add.isPending} onClick={() => add.mutate({ roomId: room.id, userIds: [...chosen] })}>
          Add
        </button>
      </div>
    </Dialog>
  );
}

export function ProfileDialog({ me, onClose }: { me: Me; onClose: () => void }) {
  const [name, setName] = useState(me.name);
  const [avatarError, setAvatarError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.user.updateProfile.mutationOptions({
      onSuccess: (updated) => queryClient.setQueryData(trpc.auth.me.queryKey(), updated),
    }),
  );
  const fields = fieldErrors(update.error);
  const pickAvatar = async (file: File | undefined) => {
    if (!file) return;
    setAvatarError(null);
    setUploading(true);
    try {
      const uploaded = await uploadFile(file, () => {});
      update.mutate({ avatarUploadId: uploaded.id });
    } catch (error) {
      setAvatarError(errorMessage(error));
    } finally {
      setUploading(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ name }, { onSuccess: onClose });
  };
  return (
    <Dialog title="Your profile" onClose={onClose}>
      <form className="dialog-form" onSubmit={submit} noValidate>
        <div className="profile-avatar">
          <Avatar name={me.name} url={me.avatarUrl} size={64} />
          <div>
            <label className="button button-small">
              {uploading ? 'Uploading…' : 'Change picture'}
              <input type="file" accept="image/png,image/jpeg,image/webp,image/gif" hidden onChange={(e) => void pickAvatar(e.target.files?.[0])} />
            </label>
            {me.avatarUrl && (
              <button type="button" className="link-button remove-avatar" onClick={() => update.mutate({ avatarUploadId: null })}>
                Remove
              </button>
            )}
            {avatarError && <p className="field-error">{avatarError}</p>}
          </div>
        </div>
        <div className="field">
          <label htmlFor="profile-name">Display name</label>
          <input id="profile-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={fields.name ? true : undefined} />
          {fields.name && <p className="field-error">{fields.name}</p>}
        </div>
        <p className="field-hint">Signed in as {me.email}</p>
        {update.error && Object.keys(fields).length === 0 && (
          <p className="form-error" role="alert">
            {errorMessage(update.error)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="button button-primary" disabled={update.isPending}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
