import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Me } from '@confab/api/router';
import { errorMessage } from '../lib/errors.js';
import { formatWhen } from '../lib/format.js';
import { trpc } from '../lib/trpc.js';
import { Avatar } from '../ui/Avatar.js';
import { CopyField } from '../ui/CopyField.js';

/** People: search, role, last seen; deactivate/reactivate, make or remove admin, a reset link to hand over. */
export function PeopleSection({ me }: { me: Me }) {
  const [query, setQuery] = useState('');
  const users = useQuery({
    ...trpc.admin.users.queryOptions(query.trim() ? { query: query.trim() } : undefined),
    placeholderData: (previous) => previous,
  });
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.pathKey() });
  const setRole = useMutation(trpc.admin.setRole.mutationOptions({ onSuccess: refresh }));
  const deactivate = useMutation(trpc.admin.deactivate.mutationOptions({ onSuccess: refresh }));
  const reactivate = useMutation(trpc.admin.reactivate.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.admin.resetPassword.mutationOptions());
  const [resetFor, setResetFor] = useState<string | null>(null);
  const failure = setRole.error ?? deactivate.error ?? reactivate.error ?? reset.error;

  return (
    <section className="admin-section" aria-labelledby="admin-people">
      <h2 id="admin-people">People</h2>
      <input
        className="admin-search"
        type="search"
        placeholder="Search by name or e-mail"
        aria-label="Search people"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {failure && (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      )}
      {users.isPending ? (
        <p className="admin-muted">Loading…</p>
      ) : users.isError ? (
        <p role="alert">{errorMessage(users.error)}</p>
      ) : users.data.length === 0 ? (
        <p className="admin-muted">No one matches "{query}".</p>
      ) : (
        <ul className="admin-list" aria-label="People">
          {users.data.map((person) => {
            const self = person.user.id === me.id;
            const active = person.status === 'active';
            return (
              <li key={person.user.id} className="admin-row" aria-label={person.user.name}>
                <Avatar name={person.user.name} url={person.user.avatarUrl} size={32} online={person.online} />
                <div className="admin-row-main">
                  <span className="admin-row-title">
                    {person.user.name}
                    {self && <span className="admin-muted"> (you)</span>}
                    {person.role === 'admin' && <span className="admin-tag">Admin</span>}
                    {!active && <span className="admin-tag admin-tag-off">Deactivated</span>}
                    {person.kind === 'bot' && <span className="admin-tag">Bot</span>}
                  </span>
                  <span className="admin-muted">
                    {person.email} ·{' '}
                    {person.online ? 'online now' : person.lastSeenAt ? `last seen ${formatWhen(person.lastSeenAt)}` : 'never signed in'}
                  </span>
                  {resetFor === person.user.id && reset.data && (
                    <CopyField label={`Reset link for ${person.user.name}`} value={reset.data.url} note="Works once, for 24 hours." />
                  )}
                </div>
                <div className="admin-row-actions">
                  {active && (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => setRole.mutate({ userId: person.user.id, role: person.role === 'admin' ? 'member' : 'admin' })}
                    >
                      {person.role === 'admin' ? 'Remove admin' : 'Make admin'}
                    </button>
                  )}
                  {active && (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => {
                        setResetFor(person.user.id);
                        reset.mutate({ userId: person.user.id });
                      }}
                    >
                      Reset link
                    </button>
                  )}
                  {active ? (
                    !self && (
                      <button
                        type="button"
                        className="button button-small button-danger"
                        onClick={() => {
                          if (confirm(`Deactivate ${person.user.name}? They are signed out everywhere at once; their messages stay.`))
                            deactivate.mutate({ userId: person.user.id });
                        }}
                      >
                        Deactivate
                      </button>
                    )
                  ) : (
                    <button type="button" className="button button-small" onClick={() => reactivate.mutate({ userId: person.user.id })}>
                      Reactivate
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
