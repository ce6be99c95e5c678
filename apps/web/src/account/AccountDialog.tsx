import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Me } from '@confab/api/router';
import { Field } from '../auth/AuthScreen.js';
import { NewPasswordField } from '../auth/NewPasswordField.js';
import { useSignOut } from '../auth/session.js';
import { errorMessage, fieldErrors } from '../lib/errors.js';
import { formatWhen } from '../lib/format.js';
import { trpc } from '../lib/trpc.js';
import { Dialog } from '../ui/Dialog.js';
import { ApiKeysSection } from './ApiKeysSection.js';
import { PushSettings } from './PushSettings.js';

/** "Your account": password, e-mail, signed-in sessions, deactivating yourself. Name and picture stay in the profile dialog. */
export function AccountDialog({ me, onClose }: { me: Me; onClose: () => void }) {
  return (
    <Dialog title="Your account" onClose={onClose} className="account-dialog">
      <PasswordForm />
      <EmailForm me={me} />
      <PushSettings />
      <Sessions />
      <ApiKeysSection />
      <DeactivateForm />
    </Dialog>
  );
}

function PasswordForm() {
  const queryClient = useQueryClient();
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        reset();
        // The other sessions and the API keys just ended: the lists below must say so.
        void queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey() });
      },
    }),
  );
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const reset = () => {
    setCurrent('');
    setNext('');
  };
  const fields = fieldErrors(change.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate({ currentPassword: current, newPassword: next });
  }
  return (
    <form className="account-section" onSubmit={submit} noValidate aria-label="Change password">
      <h3>Password</h3>
      <Field
        label="Current password"
        type="password"
        value={current}
        onChange={setCurrent}
        error={fields.currentPassword}
        autoComplete="current-password"
      />
      <NewPasswordField
        label="New password"
        value={next}
        onChange={setNext}
        error={fields.newPassword}
        consequence="Every other device is signed out and your API keys are revoked."
      />
      {change.error && Object.keys(fields).length === 0 && (
        <p className="form-error" role="alert">
          {errorMessage(change.error)}
        </p>
      )}
      {change.isSuccess && (
        <p role="status">
          Password changed. Your other devices were signed out
          {change.data.revokedKeys > 0 ? ` and your API keys revoked (${change.data.revokedKeys})` : ''}.
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={change.isPending}>
        {change.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}

function EmailForm({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.user.updateProfile.mutationOptions({ onSuccess: (next) => queryClient.setQueryData(trpc.auth.me.queryKey(), next) }),
  );
  const [email, setEmail] = useState(me.email);
  const [password, setPassword] = useState('');
  const fields = fieldErrors(update.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ email, password }, { onSuccess: () => setPassword('') });
  }
  return (
    <form className="account-section" onSubmit={submit} noValidate aria-label="Change e-mail">
      <h3>E-mail</h3>
      <Field label="E-mail address" type="email" value={email} onChange={setEmail} error={fields.email} autoComplete="email" />
      <Field
        label="Password to confirm"
        type="password"
        value={password}
        onChange={setPassword}
        error={fields.password}
        autoComplete="current-password"
      />
      {update.error && Object.keys(fields).length === 0 && (
        <p className="form-error" role="alert">
          {errorMessage(update.error)}
        </p>
      )}
      {update.isSuccess && <p role="status">E-mail changed to {me.email}.</p>}
      <button type="submit" className="button" disabled={update.isPending || email === me.email}>
        {update.isPending ? 'Saving…' : 'Change e-mail'}
      </button>
    </form>
  );
}

function Sessions() {
  // Sessions end elsewhere (another device, the CLI): read them afresh each time the dialog opens.
  const sessions = useQuery({ ...trpc.auth.sessions.queryOptions(), staleTime: 0 });
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() }) }),
  );
  return (
    <section className="account-section" aria-labelledby="account-sessions">
      <h3 id="account-sessions">Signed-in devices</h3>
      {revoke.error && (
        <p className="form-error" role="alert">
          {errorMessage(revoke.error)}
        </p>
      )}
      {sessions.isPending ? (
        <p className="admin-muted">Loading…</p>
      ) : sessions.isError ? (
        <p role="alert">{errorMessage(sessions.error)}</p>
      ) : (
        <ul className="admin-list" aria-label="Sessions">
          {sessions.data.map((session) => (
            <li key={session.id} className="admin-row" aria-label={session.current ? `${session.device} (this device)` : session.device}>
              <div className="admin-row-main">
                <span className="admin-row-title">
                  {session.device}
                  {session.current && <span className="admin-tag">This device</span>}
                </span>
                <span className="admin-muted">
                  {session.ip ?? 'unknown address'} ·{' '}
                  {session.lastUsedAt ? `last used ${formatWhen(session.lastUsedAt)}` : `signed in ${formatWhen(session.createdAt)}`}
                </span>
              </div>
              {!session.current && (
                <button type="button" className="button button-small" onClick={() => revoke.mutate({ sessionId: session.id })}>
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeactivateForm() {
  const signOut = useSignOut();
  const deactivate = useMutation(trpc.user.deactivate.mutationOptions({ onSuccess: () => signOut.mutate() }));
  const [password, setPassword] = useState('');
  const fields = fieldErrors(deactivate.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (confirm('Deactivate your account? You are signed out everywhere and only an admin can bring it back. Your messages stay.'))
      deactivate.mutate({ password });
  }
  return (
    <form className="account-section" onSubmit={submit} noValidate aria-label="Deactivate account">
      <h3>Deactivate your account</h3>
      <Field
        label="Password to deactivate"
        type="password"
        value={password}
        onChange={setPassword}
        error={fields.password}
        autoComplete="current-password"
      />
      {deactivate.error && Object.keys(fields).length === 0 && (
        <p className="form-error" role="alert">
          {errorMessage(deactivate.error)}
        </p>
      )}
      <button type="submit" className="button button-danger" disabled={deactivate.isPending}>
        Deactivate my account
      </button>
    </form>
  );
}
