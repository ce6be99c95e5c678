import type { FastifyRequest } from 'fastify';
import { removeQuietly, type ReceivedFile, type UploadStorage } from './storage.js';

export interface ReceivedUpload extends ReceivedFile {
  /** the client's filename, as sent; only ever used as a display name */
  filename: string;
  /** the file hit the size limit and was cut short */
  truncated: boolean;
}

/** the form was refused; `malformed` when it could not even be read (logged at warn, with no stack) */
export type FormRefusal = { refused: string; malformed?: boolean };

/**
 * Reads the whole multipart form, streaming its one file into the scratch folder. The form is
 * read to its end so that a second file, or too many fields, is noticed and refused rather
 * than silently ignored.
 */
export async function receiveSingleFile(request: FastifyRequest, storage: UploadStorage): Promise<ReceivedUpload | FormRefusal | null> {
  const { FilesLimitError, FieldsLimitError, PartsLimitError } = request.server.multipartErrors;
  let received: ReceivedUpload | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      const file = await storage.receive(part.file);
      received = { ...file, filename: part.filename, truncated: part.file.truncated };
    }
    return received;
  } catch (error) {
    await removeQuietly(received?.path ?? null);
    if (error instanceof FilesLimitError) return { refused: 'Send one file per upload.' };
    if (error instanceof FieldsLimitError || error instanceof PartsLimitError)
      return { refused: 'Too many form fields: send one file field named "file".' };
    const malformed = malformedFormReason(error);
    if (malformed) return { refused: malformed, malformed: true };
    throw error;
  }
}

/**
 * Why busboy could not read the form, when the form is at fault (no or a wrong boundary, a body
 * cut short, a broken part header); null for anything else (a full disk is our failure, a 5xx).
 */
function malformedFormReason(error: unknown): string | null {
  if (!(error instanceof Error) || ('code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code))) return null;
  if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return `The form could not be read: ${error.message}.`;
  }
  if (/boundary (not found|required)/i.test(error.message))
    return 'The form has no multipart boundary: send multipart/form-data with a boundary, as a browser or the SDK does.';
  if (/unexpected end of (form|multipart data)|unexpected end of file|part terminated early/i.test(error.message)) {
    return 'The form ended before its closing boundary: the body was cut short, or its boundary does not match the Content-Type header.';
  }
  if (/malformed|header/i.test(error.message)) return 'The form is malformed: a part header could not be read.';
  return null;
}
