import { TRPCClientError } from '@confab/sdk';

type FieldErrors = Partial<Record<string, string[]>>;

function errorData(error: unknown): { code?: string; fieldErrors?: FieldErrors } | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: { code?: string; fieldErrors?: FieldErrors } | null | undefined = error.data;
  return data ?? undefined;
}

/** One sentence for a person to read; never a stack or a status code. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (!errorData(error)) return 'Cannot reach the server. Check your connection and try again.';
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** The first problem with each field, as the server's zod schema reported it. */
export function fieldErrors(error: unknown): Record<string, string> {
  const fields = errorData(error)?.fieldErrors ?? {};
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(fields)) {
    const first = messages?.[0];
    if (first) result[field] = first;
  }
  return result;
}

/** An error split the way a form shows it: per-field messages, and one line for the form when no field explains it. */
export function formErrors(error: unknown): { fields: Record<string, string>; formError: string | null } {
  const fields = fieldErrors(error);
  return { fields, formError: error && Object.keys(fields).length === 0 ? errorMessage(error) : null };
}
