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
