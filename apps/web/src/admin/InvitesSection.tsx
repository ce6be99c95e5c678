import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../lib/errors.js';
import { formatWhen } from '../lib/format.js';
import { trpc } from '../lib/trpc.js';
import { CopyField } from '../ui/CopyField.js';

const statusLabel = { active: 'Active', revoked: 'Revoked', expired: 'Expired', 'used-up': 'Used up' } as const;

/** Invite links: make one (uses, days), copy it (the code is shown only once), revoke any. */
export function InvitesSection() {
  const invites = useQuery(trpc.invite.list.queryOptions());
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invite.list.queryKey() });
  const create = useMutation(trpc.invite.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.invite.revoke.mutationOptions({ onSuccess: refresh }));
  const [uses, setUses] = useState('');
  const [days, setDays] = useState('7');

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ maxUses: uses ? Number(uses) : undefined, expiresInDays: days ? Number(days) : undefined });
  }

  return (
    <section className="admin-section" aria-labelledby="admin-invites">
      <h2 id="admin-invites">Invites</h2>
      <form className="admin-inline-form" onSubmit={submit} noValidate>
        <label>
          Uses
          <input type="number" min={1} inputMode="numeric" placeholder="Unlimited" value={uses} onChange={(event) => setUses(event.target.value)} />
        </label>
        <label>
          Days valid
          <input
            type="number"
            min={1}
            max={365}
            inputMode="numeric"
            placeholder="Forever"
            value={days}
            onChange={(event) => setDays(event.target.value)}
          />
        </label>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create invite link'}
        </button>
      </form>
      {(create.error ?? revoke.error) && (
        <p className="form-error" role="alert">
          {errorMessage(create.error ?? revoke.error)}
        </p>
      )}
      {create.data && <CopyField label="New invite link" value={create.data.url} note="Copy it now: the link is shown only once." />}
      {invites.isPending ? (
        <p className="admin-muted">Loading…</p>
      ) : invites.isError ? (
        <p role="alert">{errorMessage(invites.error)}</p>
      ) : invites.data.length === 0 ? (
        <p className="admin-muted">No invites yet. Create a link above and send it to whoever should join.</p>
      ) : (
        <ul className="admin-list" aria-label="Invites">
          {invites.data.map((invite) => (
            <li
              key={invite.id}
              className="admin-row"
              aria-label={`Invite by ${invite.createdBy?.name ?? 'someone'} on ${formatWhen(invite.createdAt)}`}
            >
              <div className="admin-row-main">
                <span className="admin-row-title">
                  {invite.uses}
                  {invite.maxUses === null ? '' : ` of ${invite.maxUses}`} use{invite.uses === 1 && invite.maxUses === null ? '' : 's'}
                  <span className={invite.status === 'active' ? 'admin-tag' : 'admin-tag admin-tag-off'}>{statusLabel[invite.status]}</span>
                </span>
                <span className="admin-muted">
                  by {invite.createdBy?.name ?? 'the command line'} {formatWhen(invite.createdAt)} ·{' '}
                  {invite.expiresAt ? `expires ${formatWhen(invite.expiresAt)}` : 'never expires'}
                </span>
              </div>
              {invite.status === 'active' && (
                <div className="admin-row-actions">
                  <button type="button" className="button button-small button-danger" onClick={() => revoke.mutate({ code: invite.id })}>
                    Revoke
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
