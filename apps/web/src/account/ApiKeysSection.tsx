import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../lib/errors.js';
import { formatWhen } from '../lib/format.js';
import { trpc } from '../lib/trpc.js';
import { ShownOnce } from '../ui/ShownOnce.js';

/** Personal API keys for your own scripts (issue 11): make one (shown once, with Copy), see them, revoke them. */
export function ApiKeysSection() {
  const keys = useQuery({ ...trpc.apiKey.list.queryOptions(), staleTime: 0 });
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey() });
  const create = useMutation(trpc.apiKey.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.apiKey.revoke.mutationOptions({ onSuccess: refresh }));
  const [label, setLabel] = useState('');
  const [days, setDays] = useState('');
  const fields = fieldErrors(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ label, expiresInDays: days ? Number(days) : undefined }, { onSuccess: () => setLabel('') });
  }

  return (
    <section className="account-section" aria-labelledby="account-api-keys">
      <h3 id="account-api-keys">API keys</h3>
      <p className="admin-muted">
        For your own scripts: send a key as <code>Authorization: Bearer &lt;key&gt;</code>. It acts as you, so keep it secret.
      </p>
      <form className="admin-inline-form" onSubmit={submit} noValidate aria-label="New API key">
        <label>
          Label
          <input value={label} placeholder="deploy script" maxLength={80} onChange={(event) => setLabel(event.target.value)} />
        </label>
        <label>
          Days valid
          <input type="number" min={1} inputMode="numeric" placeholder="Forever" value={days} onChange={(event) => setDays(event.target.value)} />
        </label>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
      </form>
      {(create.error ?? revoke.error) && (
        <p className="form-error" role="alert">
          {fields.label ?? fields.expiresInDays ?? errorMessage(create.error ?? revoke.error)}
        </p>
      )}
      {create.data && <ShownOnce label={`New key "${create.data.key.label}"`} value={create.data.apiKey} what="key" />}
      {keys.isPending ? (
        <p className="admin-muted">Loading…</p>
      ) : keys.isError ? (
        <p role="alert">{errorMessage(keys.error)}</p>
      ) : keys.data.length === 0 ? (
        <p className="admin-muted">No API keys.</p>
      ) : (
        <ul className="admin-list" aria-label="API keys">
          {keys.data.map((key) => (
            <li key={key.id} className="admin-row" aria-label={key.label}>
              <div className="admin-row-main">
                <span className="admin-row-title">
                  {key.label} <code>{key.prefix}…</code>
                  {key.expired && <span className="admin-tag admin-tag-off">Expired</span>}
                </span>
                <span className="admin-muted">
                  made {formatWhen(key.createdAt)} · {key.lastUsedAt ? `last used ${formatWhen(key.lastUsedAt)}` : 'never used'} ·{' '}
                  {key.expiresAt ? `expires ${formatWhen(key.expiresAt)}` : 'never expires'}
                </span>
              </div>
              <div className="admin-row-actions">
                <button
                  type="button"
                  className="button button-small button-danger"
                  aria-label={`Revoke ${key.label}`}
                  onClick={() => revoke.mutate({ keyId: key.id })}
                >
                  Revoke
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
