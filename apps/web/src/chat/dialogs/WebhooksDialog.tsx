import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../lib/errors.js';
import { formatWhen } from '../../lib/format.js';
import { trpc } from '../../lib/trpc.js';
import { Dialog } from '../../ui/Dialog.js';
import { SettingsIcon } from '../../ui/icons.js';
import { ShownOnce } from '../../ui/ShownOnce.js';

/** A room's incoming webhooks (issue 11): make one (its URL and a curl line, shown once), see them, revoke them. */
function WebhooksDialog({ roomId, roomName, onClose }: { roomId: string; roomName: string; onClose: () => void }) {
  const hooks = useQuery({ ...trpc.webhook.list.queryOptions({ roomId }), staleTime: 0 });
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhook.list.queryKey({ roomId }) });
  const create = useMutation(trpc.webhook.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.webhook.revoke.mutationOptions({ onSuccess: refresh }));
  const [name, setName] = useState('');
  const fields = fieldErrors(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ roomId, name }, { onSuccess: () => setName('') });
  }

  return (
    <Dialog title={`Webhooks of ${roomName}`} onClose={onClose} className="webhooks-dialog">
      <p className="admin-muted">
        A webhook URL lets a program (CI, a monitor, a cron job) post into this room with one request. Anyone with the URL can post.
      </p>
      <form className="admin-inline-form" onSubmit={submit} noValidate aria-label="New webhook">
        <label>
          Name
          <input value={name} placeholder="CI" maxLength={80} onChange={(event) => setName(event.target.value)} />
        </label>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create webhook'}
        </button>
      </form>
      {(create.error ?? revoke.error) && (
        <p className="form-error" role="alert">
          {fields.name ?? errorMessage(create.error ?? revoke.error)}
        </p>
      )}
      {create.data && (
        <ShownOnce label={`URL of ${create.data.webhook.name}`} value={create.data.url} what="URL">
          <pre className="webhook-curl" aria-label="Try it with curl">
            curl -X POST -d 'build 812 failed' {create.data.url}
          </pre>
        </ShownOnce>
      )}
      {hooks.isPending ? (
        <p className="admin-muted">Loading…</p>
      ) : hooks.isError ? (
        <p role="alert">{errorMessage(hooks.error)}</p>
      ) : hooks.data.length === 0 ? (
        <p className="admin-muted">No webhooks in this room.</p>
      ) : (
        <ul className="admin-list" aria-label="Webhooks">
          {hooks.data.map((hook) => (
            <li key={hook.id} className="admin-row" aria-label={hook.name}>
              <div className="admin-row-main">
                <span className="admin-row-title">
                  {hook.name} <span className="admin-tag admin-tag-off">Bot</span>
                </span>
                <span className="admin-muted">
                  by {hook.createdBy?.name ?? 'someone'} {formatWhen(hook.createdAt)} ·{' '}
                  {hook.lastUsedAt ? `last post ${formatWhen(hook.lastUsedAt)}` : 'never used'}
                </span>
              </div>
              <div className="admin-row-actions">
                <button
                  type="button"
                  className="button button-small button-danger"
                  aria-label={`Revoke ${hook.name}`}
                  onClick={() => revoke.mutate({ webhookId: hook.id })}
                >
                  Revoke
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}

/** The room header's "Webhooks" button, with the dialog it opens. */
export function WebhooksButton({ roomId, roomName }: { roomId: string; roomName: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button className="icon-button" aria-label="Webhooks" title="Webhooks" onClick={() => setOpen(true)}>
        <SettingsIcon />
      </button>
      {open && <WebhooksDialog roomId={roomId} roomName={roomName} onClose={() => setOpen(false)} />}
    </>
  );
}
