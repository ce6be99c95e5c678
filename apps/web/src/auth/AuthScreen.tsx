import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { formErrors } from '../lib/errors.js';
import { trpc } from '../lib/trpc.js';
import { Logo } from '../ui/Logo.js';
import { FormSubmit, NewPasswordField } from './NewPasswordField.js';
import { useSignIn, useSignUp } from './session.js';
import { useTeamInfo } from './team.js';

type Mode = 'sign-in' | 'sign-up' | 'forgot';

/** Sign in and sign up on one card; the server's own messages explain what went wrong. */
export function AuthScreen() {
  const [mode, setMode] = useState<Mode>('sign-in');
  const signIn = useSignIn();
  const signUp = useSignUp();
  const active = mode === 'sign-in' ? signIn : signUp;
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const { fields, formError } = formErrors(active.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (mode === 'sign-in') signIn.mutate({ email, password });
    else signUp.mutate({ name, email, password });
  }

  function switchTo(next: Mode) {
    signIn.reset();
    signUp.reset();
    setMode(next);
  }

  if (mode === 'forgot') return <ForgotPassword initialEmail={email} onBack={() => switchTo('sign-in')} />;

  return (
    <main className="auth">
      <div className="auth-card">
        <div className="auth-brand">
          <Logo size={36} />
          <span>Confab</span>
        </div>
        <h1 className="auth-title">{mode === 'sign-in' ? 'Welcome back' : 'Create your account'}</h1>
        <p className="auth-subtitle">
          {mode === 'sign-in' ? 'Sign in to pick up where your team left off.' : 'It takes ten seconds. Your team is waiting.'}
        </p>
        <form className="auth-form" onSubmit={submit} noValidate>
          {mode === 'sign-up' && <Field label="Name" value={name} onChange={setName} error={fields.name} autoComplete="name" />}
          <Field label="Email" type="email" value={email} onChange={setEmail} error={fields.email} autoComplete="email" />
          {mode === 'sign-in' ? (
            <Field label="Password" type="password" value={password} onChange={setPassword} error={fields.password} autoComplete="current-password" />
          ) : (
            <NewPasswordField value={password} onChange={setPassword} error={fields.password} />
          )}
          {mode === 'sign-in' && (
            <button type="button" className="link-button auth-forgot" onClick={() => switchTo('forgot')}>
              Forgot password?
            </button>
          )}
          <FormSubmit
            error={formError}
            pending={active.isPending}
            label={mode === 'sign-in' ? 'Sign in' : 'Sign up'}
            pendingLabel={mode === 'sign-in' ? 'Signing in…' : 'Signing up…'}
          />
        </form>
        <p className="auth-switch">
          {mode === 'sign-in' ? (
            <>
              New here?{' '}
              <button type="button" className="link-button" onClick={() => switchTo('sign-up')}>
                Create an account
              </button>
            </>
          ) : (
            <>
              Already have an account?{' '}
              <button type="button" className="link-button" onClick={() => switchTo('sign-in')}>
                Sign in instead
              </button>
            </>
          )}
        </p>
      </div>
    </main>
  );
}

/**
 * "Forgot password?": with SMTP on the server, the link is mailed (the answer never says whether
 * the address has an account); without it, an admin makes the link.
 */
function ForgotPassword({ initialEmail, onBack }: { initialEmail: string; onBack: () => void }) {
  const team = useTeamInfo();
  const request = useMutation(trpc.auth.requestReset.mutationOptions());
  const [email, setEmail] = useState(initialEmail);
  const { fields, formError } = formErrors(request.error);
  const byEmail = team.data?.passwordResetByEmail === true;
  function submit(event: FormEvent) {
    event.preventDefault();
    request.mutate({ email });
  }
  return (
    <main className="auth">
      <div className="auth-card">
        <div className="auth-brand">
          <Logo size={36} />
          <span>Confab</span>
        </div>
        <h1 className="auth-title">Forgot your password?</h1>
        {team.isPending ? (
          <p className="auth-subtitle">Loading…</p>
        ) : !byEmail ? (
          <p className="auth-subtitle" role="status">
            Ask an admin for a reset link. They can make one on the admin page, or on the server with{' '}
            <code>confab reset-password &lt;your e-mail&gt;</code>. The link works once, for 24 hours.
          </p>
        ) : request.isSuccess ? (
          <p className="auth-subtitle" role="status">
            If an account uses {email}, a reset link is on its way there. It works once, for 24 hours.
          </p>
        ) : (
          <>
            <p className="auth-subtitle">Enter your account&apos;s e-mail and we&apos;ll send you a link to choose a new password.</p>
            <form className="auth-form" onSubmit={submit} noValidate>
              <Field label="Email" type="email" value={email} onChange={setEmail} error={fields.email} autoComplete="email" />
              <FormSubmit error={formError} pending={request.isPending} label="Send reset link" pendingLabel="Sending…" />
            </form>
          </>
        )}
        <p className="auth-switch">
          <button type="button" className="link-button" onClick={onBack}>
            Back to sign in
          </button>
        </p>
      </div>
    </main>
  );
}

interface FieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  type?: string;
  autoComplete?: string;
}

export function Field({ label, value, onChange, error, hint, type = 'text', autoComplete }: FieldProps) {
  const id = useId();
  const described = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
