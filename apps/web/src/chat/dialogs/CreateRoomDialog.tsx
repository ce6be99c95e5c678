import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../lib/errors.js';
import { trpc } from '../../lib/trpc.js';
import { Dialog } from '../../ui/Dialog.js';
import { InviteList } from './InviteList.js';
import { addRoom } from '../cache.js';
import { openRoom } from '../browser-page.js';

export function CreateRoomDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const [invited, setInvited] = useState<Set<string>>(new Set());
  const contacts = useQuery(trpc.contact.list.queryOptions());
  const create = useMutation(
    trpc.room.create.mutationOptions({
      onSuccess: (room) => {
        addRoom(room);
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
          <input
            id="room-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. design-review"
            autoFocus
            aria-invalid={fields.name ? true : undefined}
          />
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
            <InviteList contacts={contacts.data ?? []} chosen={invited} onChange={setInvited} />
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
