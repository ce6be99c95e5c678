import { TRPCError } from '@trpc/server';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { attachments, uploads, type Db } from '@confab/db';

/** What a message carries about each file it shares: enough to render an image, a preview or a file card. */
export interface AttachmentDto {
  id: string;
  name: string;
  mime: string;
  size: number;
  url: string;
  previewUrl: string | null;
  width: number | null;
  height: number | null;
}

type UploadRow = typeof uploads.$inferSelect;

export const uploadUrl = (id: string) => `/uploads/${id}`;
export const previewUrl = (id: string) => `/uploads/${id}/preview`;

export function toAttachmentDto(row: UploadRow): AttachmentDto {
  return {
    id: row.id,
    name: row.name,
    mime: row.mime,
    size: row.size,
    url: uploadUrl(row.id),
    previewUrl: row.hasPreview ? previewUrl(row.id) : null,
    width: row.width,
    height: row.height,
  };
}

export interface UploadService {
  /** throws unless `uploadId` is an image this user uploaded */
  assertAvatar(userId: string, uploadId: string): void;
  /** throws NOT_FOUND unless every id is an upload of this user's */
  assertOwnUploads(userId: string, uploadIds: readonly string[]): void;
  /** shares uploads in a message; call inside the transaction that inserts the message */
  linkAttachments(tx: Pick<Db, 'insert'>, messageId: number, uploadIds: readonly string[]): void;
  /** the attachments of each message, in the order they were attached */
  attachmentsFor(messageIds: readonly number[]): Map<number, AttachmentDto[]>;
}

export function createUploadService(db: Db): UploadService {
  return {
    assertAvatar(userId, uploadId) {
      const upload = db.select().from(uploads).where(and(eq(uploads.id, uploadId), eq(uploads.ownerId, userId))).get();
      if (!upload) throw new TRPCError({ code: 'NOT_FOUND', message: 'Upload not found: upload the image first, then use its id.' });
      if (!upload.mime.startsWith('image/')) throw new TRPCError({ code: 'BAD_REQUEST', message: 'An avatar must be an image (PNG, JPEG, GIF or WebP).' });
    },
    assertOwnUploads(userId, uploadIds) {
      if (uploadIds.length === 0) return;
      const unique = [...new Set(uploadIds)];
      const owned = db
        .select({ id: uploads.id })
        .from(uploads)
        .where(and(inArray(uploads.id, unique), eq(uploads.ownerId, userId)))
        .all();
      if (owned.length !== unique.length) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'Attachment not found: you can only attach files you uploaded yourself.' });
      }
    },
    linkAttachments(tx, messageId, uploadIds) {
      const unique = [...new Set(uploadIds)];
      if (unique.length === 0) return;
      tx.insert(attachments).values(unique.map((uploadId, position) => ({ messageId, uploadId, position }))).run();
    },
    attachmentsFor(messageIds) {
      const result = new Map<number, AttachmentDto[]>();
      if (messageIds.length === 0) return result;
      const rows = db
        .select({ messageId: attachments.messageId, upload: uploads })
        .from(attachments)
        .innerJoin(uploads, eq(uploads.id, attachments.uploadId))
        .where(inArray(attachments.messageId, [...messageIds]))
        .orderBy(asc(attachments.messageId), asc(attachments.position))
        .all();
      for (const row of rows) {
        const list = result.get(row.messageId) ?? [];
        list.push(toAttachmentDto(row.upload));
        result.set(row.messageId, list);
      }
      return result;
    },
  };
}
