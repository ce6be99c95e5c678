import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../lib/errors.js';
import { trpc } from '../lib/trpc.js';

type Mode = 'invite' | 'domain' | 'open';
const modes: { mode: Mode; label: string; hint: string }[] = [
  { mode: 'invite', label: 'Invite link only', hint: 'People join through a link an admin made.' },
  { mode: 'domain', label: 'E-mail domains', hint: 'Anyone with an address at one of the domains below; others need a link.' },
  { mode: 'open', label: 'Anyone', hint: 'Anyone who can reach this server may sign up. For a private network.' },
];

/** Who may join (admin.setRegistration) and the allowed domains. */
export function SignupSection() {
  const settings = useQuery(trpc.admin.settings.queryOptions());
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.admin.setRegistration.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.admin.settings.queryKey(), next);
        void queryClient.invalidateQueries({ queryKey: trpc.team.info.queryKey() });
      },
    }),
  );
  const [mode, setMode] = useState<Mode>('invite');
  const [domains, setDomains] = useState('');
  useEffect(() => {
    if (!settings.data) return;
    setMode(settings.data.signupMode);
    setDomains(settings.data.signupDomains.join(', '));
  }, [settings.data]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const list = domains
      .split(/[\s,]+/)
      .map((domain) => domain.trim().replace(/^@/, ''))
      .filter(Boolean);
    save.mutate({ mode, domains: list });
  }

  return (
    <section className="admin-section" aria-labelledby="admin-signup">
      <h2 id="admin-signup">Who may join</h2>
      {settings.isPending ? (
        <p className="admin-muted">Loading…</p>
      ) : settings.isError ? (
        <p role="alert">{errorMessage(settings.error)}</p>
      ) : (
        <form onSubmit={submit} className="admin-signup" noValidate>
          <fieldset>
            <legend className="sr-only">Sign-up mode</legend>
            {modes.map((option) => (
              <label key={option.mode} className="admin-radio">
                <input type="radio" name="signup-mode" value={option.mode} checked={mode === option.mode} onChange={() => setMode(option.mode)} />
                <span>
                  <strong>{option.label}</strong>
                  <span className="admin-muted">{option.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {mode === 'domain' && (
            <label className="admin-domains">
              Allowed domains
              <input value={domains} onChange={(event) => setDomains(event.target.value)} placeholder="example.com, example.org" />
            </label>
          )}
          {save.error && (
            <p className="form-error" role="alert">
              {errorMessage(save.error)}
            </p>
          )}
          <div className="admin-row-actions">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save'}
            </button>
            {save.isSuccess && !save.isPending && (
              <span className="admin-muted" role="status">
                Saved.
              </span>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
