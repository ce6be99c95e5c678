import { Field } from './AuthScreen.js';

/** The server's rule for a new password (`passwordInput`), said where people type one. */
const RULE = 'At least 8 characters.';

/**
 * A new password: sign-up, first run, an invite, a reset link, Your account. Browsers offer to
 * generate and save one (`new-password`); `consequence` says what choosing it does, after the rule.
 */
export function NewPasswordField({
  label = 'Password',
  value,
  onChange,
  error,
  consequence,
}: {
  label?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  consequence?: string;
}) {
  return (
    <Field
      label={label}
      type="password"
      value={value}
      onChange={onChange}
      error={error}
      autoComplete="new-password"
      hint={consequence ? `${RULE} ${consequence}` : RULE}
    />
  );
}

/** The end of an auth form: the server's message when it refused for no one field, and the submit button. */
export function FormSubmit({
  error,
  pending,
  label,
  pendingLabel,
}: {
  error: string | null | undefined;
  pending: boolean;
  label: string;
  pendingLabel: string;
}) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button className="button button-primary button-block" type="submit" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
    </>
  );
}
