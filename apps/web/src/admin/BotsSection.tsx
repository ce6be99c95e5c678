import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../lib/errors.js';
import { formatWhen } from '../lib/format.js';
import { trpc } from '../lib/trpc.js';
import { ShownOnce } from '../ui/ShownOnce.js';

/** Bots (issue 11): make one (its key shown once), rotate its key, delete it; and whether members may make their own. */
export function BotsSection() {
  const bots = useQuery(trpc.bot.list.queryOptions());
  const settings = useQuery(trpc.admin.settings.queryOptions());
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.bot.list.queryKey() });
  const create = useMutation(trpc.bot.create.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.bot.rotateKey.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.bot.delete.mutationOptions({ onSuccess: refresh }));
  const updateTeam = useMutation(
    trpc.admin.updateTeam.mutationOptions({ onSuccess: (data) => queryClient.setQueryData(trpc.admin.settings.queryKey(), data) }),
  );
  const [name, setName] = useState('');
  const fields = fieldErrors(create.error);
  const shownKey = rotate.data ?? create.data;
  const error = create.error ?? rotate.error ?? remove.error ?? updateTeam.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    rotate.reset();
    create.mutate({ name }, { onSuccess: () => setName('') });
  }

  return (
    <section className="admin-section" aria-labelledby="admin-bots">
      <h2 id="admin-bots">Bots</h2>
      <p className="admin-muted">
        A bot signs in with its API key (<code>createConfabClient(&#123; url, apiKey &#125;)</code>); add it to rooms or message it like a person.
      </p>
      <form className="admin-inline-form" onSubmit={submit} noValidate aria-label="New bot">
        <label>
          Name
          <input value={name} placeholder="Deploy Bot" maxLength={80} onChange={(event) => setName(event.target.value)} />
        </label>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create bot'}
        </button>
      </form>
      {settings.data && (
        <label className="admin-check">
          <input
            type="checkbox"
            checked={settings.data.membersCanCreateBots}
            disabled={updateTeam.isPending}
            onChange={(event) => updateTeam.mutate({ membersCanCreateBots: event.target.checked })}
          />
          Members may create their own bots
        </label>
      )}
      {error && (
        <p className="form-error" role="alert">
          {fields.name ?? errorMessage(error)}
        </p>
      )}
      {shownKey && <ShownOnce label={`API key of ${shownKey.bot.name}`} value={shownKey.apiKey} what="key" />}
      {bots.isPending ? (
        <p className="admin-muted">Loading…</p>
      ) : bots.isError ? (
        <p role="alert">{errorMessage(bots.error)}</p>
      ) : bots.data.length === 0 ? (
        <p className="admin-muted">No bots yet.</p>
      ) : (
        <ul className="admin-list" aria-label="Bots">
          {bots.data.map((bot) => (
            <li key={bot.id} className="admin-row" aria-label={bot.name}>
              <div className="admin-row-main">
                <span className="admin-row-title">
                  {bot.name} <span className="admin-tag admin-tag-off">Bot</span>
                </span>
                <span className="admin-muted">
                  {bot.owner ? `made by ${bot.owner.name}` : 'no owner'} {formatWhen(bot.createdAt)} ·{' '}
                  {bot.keyPrefix ? <code>{bot.keyPrefix}…</code> : 'no key'} ·{' '}
                  {bot.keyLastUsedAt ? `key last used ${formatWhen(bot.keyLastUsedAt)}` : 'key never used'}
                </span>
              </div>
              <div className="admin-row-actions">
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`New key for ${bot.name}`}
                  onClick={() => {
                    create.reset();
                    if (confirm(`Make a new key for ${bot.name}? The old one stops working at once.`)) rotate.mutate({ botId: bot.id });
                  }}
                >
                  New key
                </button>
                <button
                  type="button"
                  className="button button-small button-danger"
                  aria-label={`Delete ${bot.name}`}
                  onClick={() => {
                    if (confirm(`Delete ${bot.name}? Its key stops working at once; its messages stay.`)) remove.mutate({ botId: bot.id });
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
