import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { uploads, type Db } from '@confab/db';

export interface UploadService {
  /** throws unless `uploadId` is an image this user uploaded */
  assertAvatar(userId: string, uploadId: string): void;
}

export function createUploadService(db: Db): UploadService {
  return {
    assertAvatar(userId, uploadId) {
      const upload = db.select().from(uploads).where(and(eq(uploads.id, uploadId), eq(uploads.ownerId, userId))).get();
      if (!upload) throw new TRPCError({ code: 'NOT_FOUND', message: 'Upload not found: upload the image first, then use its id.' });
      if (!upload.mime.startsWith('image/')) throw new TRPCError({ code: 'BAD_REQUEST', message: 'An avatar must be an image (PNG, JPEG, GIF or WebP).' });
    },
  };
}
