import { TRPCError } from '@trpc/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fileTypeFromFile } from 'file-type';
import { fallbackName, safeDisplayName } from './filename.js';
import { processImage, UnreadableImageError } from './images.js';
import { classify } from './media-types.js';
import { signedInUserId } from './session.js';
import { removeQuietly, type UploadStorage } from './storage.js';

export interface PostUploadOptions {
  storage: UploadStorage;
  sessionCookie: string;
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function refuse(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ error, message });
}

/**
 * POST /api/uploads: one file as multipart/form-data. The file is streamed to a scratch name,
 * typed by its magic bytes, re-encoded if it is an image, then moved under a generated id and
 * recorded. Whatever fails on the way, its scratch files are removed, so disk and database agree.
 */
export function postUpload(app: FastifyInstance, { storage, sessionCookie }: PostUploadOptions) {
  const { config, api } = app.confab;
  const uploads = api.services.uploads;

  return async function handler(request: FastifyRequest, reply: FastifyReply) {
    const userId = signedInUserId(app, request, sessionCookie);
    if (!userId) return refuse(reply.header('Connection', 'close'), 401, 'Unauthorized', 'Sign in to upload files.');
    const retryAfter = uploads.uploadRetryAfter(userId);
    if (retryAfter > 0) {
      return refuse(reply.header('Connection', 'close').header('Retry-After', retryAfter), 429, 'Too Many Requests', `Too many uploads. Try again in ${retryAfter} seconds.`);
    }
    if (!request.isMultipart()) {
      return refuse(reply, 400, 'Bad Request', 'Send the file as multipart/form-data, in one field named "file".');
    }

    const part = await request.file();
    if (!part) return refuse(reply, 400, 'Bad Request', 'No file in the form: send one file field named "file".');

    const received = await storage.receive(part.file);
    const scratch: (string | null)[] = [received.path];
    try {
      if (part.file.truncated) {
        return refuse(reply, 413, 'Payload Too Large', `The file is larger than the ${megabytes(config.uploadMaxBytes)} limit.`);
      }
      if (received.size === 0) return refuse(reply, 400, 'Bad Request', 'The file is empty.');

      const stored = classify(await fileTypeFromFile(received.path));
      let file = received;
      let preview: string | null = null;
      let size: { width: number; height: number } | null = null;
      if (stored.kind === 'image') {
        try {
          const image = await processImage(received.path, stored.mime, { maxPixels: config.uploadMaxPixels, previewPx: config.uploadPreviewPx }, (suffix) =>
            storage.scratchPath(suffix),
          );
          scratch.push(image.file.path, image.previewPath);
          file = image.file;
          preview = image.previewPath;
          size = { width: image.width, height: image.height };
        } catch (error) {
          if (!(error instanceof UnreadableImageError)) throw error;
          request.log.info({ err: error }, 'refused an unreadable image');
          return refuse(reply, 415, 'Unsupported Media Type', 'The file looks like an image but could not be read (damaged, or too many pixels).');
        }
      }

      const id = uploads.newUploadId();
      await storage.place(id, file.path, preview);
      try {
        const result = uploads.create(
          {
            id,
            ownerId: userId,
            name: safeDisplayName(part.filename, fallbackName(stored.mime)),
            mime: stored.mime,
            size: file.size,
            sha256: file.sha256,
            width: size?.width ?? null,
            height: size?.height ?? null,
            hasPreview: preview !== null,
          },
          config.uploadQuotaBytes,
        );
        return reply.code(201).send(result);
      } catch (error) {
        await storage.discard(id);
        if (error instanceof TRPCError && error.code === 'PAYLOAD_TOO_LARGE') return refuse(reply, 413, 'Payload Too Large', error.message);
        throw error;
      }
    } finally {
      // Files already moved into place are no longer at these paths, so this only removes leftovers.
      await Promise.all(scratch.map(removeQuietly));
    }
  };
}
