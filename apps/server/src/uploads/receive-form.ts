import type { FastifyRequest } from 'fastify';
import { removeQuietly, type ReceivedFile, type UploadStorage } from './storage.js';

export interface ReceivedUpload extends ReceivedFile {
  /** the client's filename, as sent; only ever used as a display name */
  filename: string;
  /** the file hit the size limit and was cut short */
  truncated: boolean;
}

export type FormRefusal = { refused: string };

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
    if (error instanceof FieldsLimitError || error instanceof PartsLimitError) return { refused: 'Too many form fields: send one file field named "file".' };
    throw error;
  }
}
