import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { replyError } from '../http/reply-error.js';
import { contentDisposition } from './filename.js';
import { isInlineImage } from './media-types.js';
import { sendStoredFile } from './serve.js';
import { signedInUserId } from './session.js';
import type { UploadStorage } from './storage.js';

export interface GetUploadOptions {
  storage: UploadStorage;
  sessionCookie: string;
  variant: 'file' | 'preview';
}

const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * GET /uploads/:id and /uploads/:id/preview. Signed out, not allowed and missing all look the
 * same (404), so an id reveals nothing to someone who may not see it.
 */
export function getUpload(app: FastifyInstance, { storage, sessionCookie, variant }: GetUploadOptions) {
  const uploads = app.confab.api.services.uploads;
  const notFound = (reply: FastifyReply) => replyError(reply, 404, 'No such file, or it is not shared with you.');

  return async function handler(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    const { id } = request.params;
    if (!ID_PATTERN.test(id)) return notFound(reply);
    const userId = signedInUserId(app, request, sessionCookie);
    const upload = userId ? uploads.findVisible(userId, id) : undefined;
    if (!upload) return notFound(reply);

    if (variant === 'preview') {
      if (!upload.hasPreview) return notFound(reply);
      const previewName = `${upload.name.replace(/\.[^.]*$/, '')}.preview.webp`;
      return sendStoredFile(request, reply, {
        path: storage.previewPath(upload.id),
        mime: 'image/webp',
        etag: `"${upload.sha256}-preview"`,
        contentDisposition: contentDisposition('inline', previewName),
      });
    }
    return sendStoredFile(request, reply, {
      path: storage.filePath(upload.id),
      mime: upload.mime,
      etag: `"${upload.sha256}"`,
      contentDisposition: contentDisposition(isInlineImage(upload.mime) ? 'inline' : 'attachment', upload.name),
    });
  };
}
