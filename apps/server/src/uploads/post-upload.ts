import { TRPCError } from '@trpc/server';
import type { AttachmentDto } from '@confab/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { replyError } from '../http/reply-error.js';
import { fallbackName, safeDisplayName, unescapeFormFilename } from './filename.js';
import { processImage, UnreadableImageError } from './images.js';
import { NO_MEDIA_INFO, readMediaInfo } from './media-info.js';
import { audioOnly, classify } from './media-types.js';
import { receiveSingleFile, type ReceivedUpload } from './receive-form.js';
import { signedInUserId } from './session.js';
import { removeQuietly, type ReceivedFile, type UploadStorage } from './storage.js';
import { UploadGuard } from './upload-guard.js';

export interface PostUploadOptions {
  storage: UploadStorage;
  sessionCookie: string;
}

type Outcome = { stored: AttachmentDto } | { status: number; error: string; message: string };

const refusal = (status: number, error: string, message: string): Outcome => ({ status, error, message });
const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * POST /api/uploads: one file as multipart/form-data. The file is streamed to a scratch name,
 * typed by its magic bytes, re-encoded if it is an image, then moved under a generated id and
 * recorded. Whatever fails on the way, its scratch files are gone before the answer goes out,
 * so disk and database agree.
 */
export function postUpload(app: FastifyInstance, { storage, sessionCookie }: PostUploadOptions) {
  const { config, api } = app.confab;
  const uploads = api.services.uploads;
  const guard = new UploadGuard(config.limits.uploads);

  async function store(request: FastifyRequest, userId: string, received: ReceivedUpload): Promise<Outcome> {
    const scratch: string[] = [received.path];
    try {
      if (received.truncated) return refusal(413, 'Payload Too Large', `The file is larger than the ${megabytes(config.uploadMaxBytes)} limit.`);
      if (received.size === 0) return refusal(400, 'Bad Request', 'The file is empty.');

      const { fileTypeFromFile } = await import('file-type');
      const kind = classify(await fileTypeFromFile(received.path));
      let file: ReceivedFile = received;
      let { mime } = kind;
      let preview: string | null = null;
      let dimensions: { width: number; height: number } | null = null;
      let durationMs: number | null = null;
      if (kind.kind === 'image') {
        try {
          const image = await processImage(
            received.path,
            kind.mime,
            { maxPixels: config.uploadMaxPixels, previewPx: config.uploadPreviewPx },
            (suffix) => storage.scratchPath(suffix),
          );
          scratch.push(image.file.path, image.previewPath);
          ({ file, previewPath: preview } = image);
          dimensions = { width: image.width, height: image.height };
        } catch (error) {
          if (!(error instanceof UnreadableImageError)) throw error;
          request.log.info({ err: error }, 'refused an unreadable image');
          return refusal(415, 'Unsupported Media Type', 'The file looks like an image but could not be read: it is damaged or has too many pixels.');
        }
      } else if (kind.kind === 'media') {
        // Media are stored as sent; headers that cannot be read only cost the duration shown.
        const media = await readMediaInfo(received.path, kind.mime).catch((error: unknown) => {
          request.log.info({ err: error }, 'stored a media file whose headers could not be read');
          return NO_MEDIA_INFO;
        });
        if (media.hasVideo === false) mime = audioOnly(mime);
        durationMs = media.durationMs;
        if (media.width !== null && media.height !== null) dimensions = { width: media.width, height: media.height };
      }

      const id = uploads.newUploadId();
      await storage.place(id, file.path, preview);
      try {
        const stored = uploads.create(
          {
            id,
            ownerId: userId,
            name: safeDisplayName(unescapeFormFilename(received.filename), fallbackName(mime)),
            mime,
            size: file.size,
            sha256: file.sha256,
            width: dimensions?.width ?? null,
            height: dimensions?.height ?? null,
            durationMs,
            hasPreview: preview !== null,
          },
          config.uploadQuotaBytes,
        );
        return { stored };
      } catch (error) {
        await storage.discard(id);
        if (error instanceof TRPCError && error.code === 'PAYLOAD_TOO_LARGE') return refusal(413, 'Payload Too Large', error.message);
        throw error;
      }
    } finally {
      // Files already moved into place are no longer at these paths, so this only removes leftovers.
      await Promise.all(scratch.map(removeQuietly));
    }
  }

  return async function handler(request: FastifyRequest, reply: FastifyReply) {
    // As on the WebSocket: a cookie-authenticated upload must come from one of our own pages
    // (SameSite=Lax lets a sibling subdomain or another port through).
    if (!request.headers.authorization && request.headers.cookie?.includes(`${sessionCookie}=`)) {
      const origin = request.headers.origin;
      if (origin === undefined || !config.allowedOrigins.has(origin)) {
        return replyError(
          reply.header('Connection', 'close'),
          403,
          'An upload signed in by cookie must come from a page of this server (Origin not allowed).',
        );
      }
    }
    const userId = signedInUserId(app, request, sessionCookie);
    // Refused before the body is read, so the connection is not reused for the rest of it.
    if (!userId) return replyError(reply.header('Connection', 'close'), 401, 'Sign in to upload files.');
    const retryAfter = uploads.uploadRetryAfter(userId);
    if (retryAfter > 0) {
      return replyError(
        reply.header('Connection', 'close').header('Retry-After', retryAfter),
        429,
        `Too many uploads. Try again in ${retryAfter} seconds.`,
      );
    }
    if (!request.isMultipart()) return replyError(reply, 400, 'Send the file as multipart/form-data, one file per request.');
    const release = guard.begin(userId);
    if (!release) {
      const most = config.limits.uploads.maxConcurrentPerUser;
      return replyError(
        reply.header('Connection', 'close').header('Retry-After', 2),
        429,
        `Too many uploads at once: at most ${most} at a time. Try again in 2 seconds, when one has finished.`,
      );
    }
    try {
      return await receiveAndStore(request, reply, userId, release);
    } finally {
      release();
    }
  };

  async function receiveAndStore(request: FastifyRequest, reply: FastifyReply, userId: string, release: () => void) {
    let slow = false;
    const stopWatching = guard.watchRate(request, () => {
      slow = true;
      // the slot is free at once, whenever the form parser notices the connection is gone
      release();
      request.log.warn('cut off an upload arriving below the minimum rate');
      // The rest of the body is not wanted: the connection closes once the answer is out.
      reply.raw.once('finish', () => request.raw.destroy());
      replyError(reply.header('Connection', 'close'), 408, guard.slowMessage());
    });
    let received: Awaited<ReturnType<typeof receiveSingleFile>>;
    try {
      received = await receiveSingleFile(request, storage);
    } catch (error) {
      if (slow) return reply;
      throw error;
    } finally {
      stopWatching();
    }
    if (slow) {
      if (received && 'path' in received) await removeQuietly(received.path);
      return reply;
    }
    if (!received) return replyError(reply, 400, 'No file in the form: send one file field named "file".');
    if ('refused' in received) {
      // The client's mistake, not ours: a line at warn, no stack.
      if (received.malformed) request.log.warn({ reason: received.refused }, 'refused a malformed upload form');
      return replyError(reply.header('Connection', 'close'), 400, received.refused);
    }

    const outcome = await store(request, userId, received);
    if ('stored' in outcome) return reply.code(201).send(outcome.stored);
    return replyError(reply, outcome.status, outcome.message, outcome.error);
  }
}
