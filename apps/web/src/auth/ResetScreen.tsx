import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formErrors } from '../lib/errors.js';
import { trpc } from '../lib/trpc.js';
import { Logo } from '../ui/Logo.js';
import { FormSubmit, NewPasswordField } from './NewPasswordField.js';
import { leaveLink } from './team.js';

/** /reset/<token>: a one-time link from an admin, the CLI or an e-mail. A new password ends every session. */
export function ResetScreen({ token, onDone }: { token: string; onDone: () => void }) {
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const [password, setPassword] = useState('');
  const { fields, formError } = formErrors(reset.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    reset.mutate({ token, password });
  }

  function toSignIn() {
    leaveLink();
    onDone();
  }

  return (
    <main className="auth">
      <div className="auth-card">
        <div className="auth-brand">
          <Logo size={36} />
          <span>Confab</span>
        </div>
        {reset.isSuccess ? (
          <>
            <h1 className="auth-title">Password changed</h1>
            <p className="auth-subtitle" role="status">
              Every device was signed out. Sign in with your new password.
            </p>
            <button type="button" className="button button-primary button-block" onClick={toSignIn}>
              Sign in
            </button>
          </>
        ) : (
          <>
            <h1 className="auth-title">Choose a new password</h1>
            <p className="auth-subtitle">This link works once. Every device signed in to your account will be signed out.</p>
            <form className="auth-form" onSubmit={submit} noValidate>
              <NewPasswordField label="New password" value={password} onChange={setPassword} error={fields.password} />
              <FormSubmit error={formError} pending={reset.isPending} label="Set new password" pendingLabel="Saving…" />
            </form>
            <p className="auth-switch">
              <button type="button" className="link-button" onClick={toSignIn}>
                Back to sign in
              </button>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
