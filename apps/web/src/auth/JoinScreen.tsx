import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, formErrors } from '../lib/errors.js';
import { trpc } from '../lib/trpc.js';
import { Logo } from '../ui/Logo.js';
import { Field } from './AuthScreen.js';
import { FormSubmit, NewPasswordField } from './NewPasswordField.js';
import { leaveLink, useJoin } from './team.js';

/** /join/<code>: the invite link. A working link opens a sign-up form; any other says why and what to do. */
export function JoinScreen({ code, onDone }: { code: string; onDone: () => void }) {
  const check = useQuery({ ...trpc.invite.check.queryOptions({ code }), retry: false, staleTime: Infinity });
  const join = useJoin();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { fields, formError } = formErrors(join.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    join.mutate({ name, email, password, inviteCode: code });
  }

  function toSignIn() {
    leaveLink();
    onDone();
  }

  const teamName = check.data?.teamName ?? 'Confab';
  return (
    <main className="auth">
      <div className="auth-card">
        <div className="auth-brand">
          <Logo size={36} />
          <span>{teamName}</span>
        </div>
        {check.isPending ? (
          <p className="auth-subtitle" aria-busy="true">
            Checking your invite link…
          </p>
        ) : check.isError || check.data.status !== 'active' ? (
          <>
            <h1 className="auth-title">This invite link doesn't work</h1>
            <p className="auth-subtitle" role="alert">
              {check.isError ? errorMessage(check.error) : check.data.message}
            </p>
            <button type="button" className="button button-block" onClick={toSignIn}>
              Go to sign in
            </button>
          </>
        ) : (
          <>
            <h1 className="auth-title">Join {teamName}</h1>
            <p className="auth-subtitle">You were invited. Create your account to start talking.</p>
            <form className="auth-form" onSubmit={submit} noValidate>
              <Field label="Name" value={name} onChange={setName} error={fields.name} autoComplete="name" />
              <Field label="Email" type="email" value={email} onChange={setEmail} error={fields.email} autoComplete="email" />
              <NewPasswordField value={password} onChange={setPassword} error={fields.password} />
              <FormSubmit error={formError} pending={join.isPending} label={`Join ${teamName}`} pendingLabel="Joining…" />
            </form>
            <p className="auth-switch">
              Already have an account?{' '}
              <button type="button" className="link-button" onClick={toSignIn}>
                Sign in instead
              </button>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
