import { useState, type FormEvent } from 'react';
import { formErrors } from '../lib/errors.js';
import { Logo } from '../ui/Logo.js';
import { Field } from './AuthScreen.js';
import { FormSubmit, NewPasswordField } from './NewPasswordField.js';
import { useSetup } from './team.js';

/** First run: no account exists yet. The team gets a name and the first account becomes its admin. */
export function SetupScreen() {
  const setup = useSetup();
  const [teamName, setTeamName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { fields, formError } = formErrors(setup.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setup.mutate({ teamName, name, email, password });
  }

  return (
    <main className="auth">
      <div className="auth-card">
        <div className="auth-brand">
          <Logo size={36} />
          <span>Confab</span>
        </div>
        <h1 className="auth-title">Set up Confab</h1>
        <p className="auth-subtitle">Name your team and create the first account. It becomes the team's admin.</p>
        <form className="auth-form" onSubmit={submit} noValidate>
          <Field
            label="Team name"
            value={teamName}
            onChange={setTeamName}
            error={fields.teamName}
            autoComplete="organization"
            hint="Shown in the sidebar and the page title."
          />
          <Field label="Your name" value={name} onChange={setName} error={fields.name} autoComplete="name" />
          <Field label="Email" type="email" value={email} onChange={setEmail} error={fields.email} autoComplete="email" />
          <NewPasswordField value={password} onChange={setPassword} error={fields.password} />
          <FormSubmit error={formError} pending={setup.isPending} label="Set up Confab" pendingLabel="Setting up…" />
        </form>
      </div>
    </main>
  );
}
