import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { getUpload } from './get-upload.js';
import { postUpload } from './post-upload.js';
import { UploadStorage } from './storage.js';

export interface UploadRoutesOptions {
  /** the name of the browser's session cookie */
  sessionCookie: string;
}

/**
 * Files and images: POST /api/uploads stores one file; GET /uploads/:id and /uploads/:id/preview
 * serve it to those who may see it. Multipart parsing exists only inside this plugin's scope,
 * with explicit limits (multipart does not apply Fastify's bodyLimit as a total).
 */
export const uploadRoutes: FastifyPluginAsync<UploadRoutesOptions> = async (app, { sessionCookie }) => {
  const { config } = app.confab;
  const storage = new UploadStorage(config.uploadsDir);
  await storage.prepare();

  await app.register(multipart, {
    // a file cut short at the limit is refused (413) by the route, which removes what was written
    throwFileSizeLimit: false,
    limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 4, parts: 5, fieldNameSize: 100, fieldSize: 1024, headerPairs: 100 },
  });

  app.post('/api/uploads', postUpload(app, { storage, sessionCookie }));
  app.get('/uploads/:id', getUpload(app, { storage, sessionCookie, variant: 'file' }));
  app.get('/uploads/:id/preview', getUpload(app, { storage, sessionCookie, variant: 'preview' }));
};
