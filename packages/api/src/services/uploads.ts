import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { attachments, memberships, messages, uploads, users, type Db } from '@confab/db';
import { badRequest, notFound, payloadTooLarge } from '../errors.js';
import { newId } from '../ids.js';
import { RateLimiter } from '../rate-limit.js';

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
  /** a video's or audio file's length in milliseconds, when its headers say; null otherwise */
  durationMs: number | null;
}

type UploadRow = typeof uploads.$inferSelect;

/** A file already in its final place on disk, about to be recorded. */
interface NewUpload {
  id: string;
  ownerId: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  hasPreview: boolean;
}

const uploadUrl = (id: string) => `/uploads/${id}`;
export const previewUrl = (id: string) => `/uploads/${id}/preview`;

function toAttachmentDto(row: UploadRow): AttachmentDto {
  return {
    id: row.id,
    name: row.name,
    mime: row.mime,
    size: row.size,
    url: uploadUrl(row.id),
    previewUrl: row.hasPreview ? previewUrl(row.id) : null,
    width: row.width,
    height: row.height,
    durationMs: row.durationMs,
  };
}

/** Uploads per user per window: enough for a burst of pasted screenshots, not for filling a disk in a loop. */
const defaultUploadRate = { max: 30, windowMs: 60_000 };

export interface UploadService {
  /** throws unless `uploadId` is an image this user uploaded (images always have the preview avatars show) */
  assertAvatar(userId: string, uploadId: string): void;
  /** throws NOT_FOUND unless every id is an upload of this user's */
  assertOwnUploads(userId: string, uploadIds: readonly string[]): void;
  /** shares uploads in a message; call inside the transaction that inserts the message */
  linkAttachments(tx: Pick<Db, 'insert'>, messageId: number, uploadIds: readonly string[]): void;
  /** the attachments of each message, in the order they were attached */
  attachmentsFor(messageIds: readonly number[]): Map<number, AttachmentDto[]>;
  /** a fresh opaque id for a file about to be stored */
  newUploadId(): string;
  /** seconds to wait before this user may upload again, or 0 if they may upload now (counts the attempt) */
  uploadRetryAfter(userId: string): number;
  /** bytes this user's uploads take on disk */
  usedBytes(userId: string): number;
  /**
   * Records a stored file, unless it would take its owner past `quotaBytes` (TRPCError
   * PAYLOAD_TOO_LARGE). The check and the insert run in one transaction, so two uploads at
   * once cannot both squeeze under the quota.
   */
  create(upload: NewUpload, quotaBytes: number): AttachmentDto;
  /**
   * The upload if `viewerId` may see it: their own, shared in a live message of a room they are
   * in, or someone's current avatar (avatars show everywhere). Anything else is undefined, as if
   * it did not exist.
   */
  findVisible(viewerId: string, uploadId: string): UploadRow | undefined;
}

export function createUploadService(db: Db, rate = defaultUploadRate): UploadService {
  const uploadsPerUser = new RateLimiter(rate.max, rate.windowMs);
  const usedBytes = (userId: string) =>
    db
      .select({ total: sql<number>`coalesce(sum(${uploads.size}), 0)` })
      .from(uploads)
      .where(eq(uploads.ownerId, userId))
      .get()?.total ?? 0;

  return {
    assertAvatar(userId, uploadId) {
      const upload = db
        .select()
        .from(uploads)
        .where(and(eq(uploads.id, uploadId), eq(uploads.ownerId, userId)))
        .get();
      if (!upload) throw notFound('Upload not found: upload the image first, then use its id.');
      if (!upload.mime.startsWith('image/') || !upload.hasPreview) throw badRequest('An avatar must be an image (PNG, JPEG, GIF or WebP).');
    },
    assertOwnUploads(userId, uploadIds) {
      if (uploadIds.length === 0) return;
      const unique = [...new Set(uploadIds)];
      const owned = db
        .select({ id: uploads.id })
        .from(uploads)
        .where(and(inArray(uploads.id, unique), eq(uploads.ownerId, userId)))
        .all();
      if (owned.length !== unique.length) throw notFound('Attachment not found: you can only attach files you uploaded yourself.');
    },
    linkAttachments(tx, messageId, uploadIds) {
      const unique = [...new Set(uploadIds)];
      if (unique.length === 0) return;
      tx.insert(attachments)
        .values(unique.map((uploadId, position) => ({ messageId, uploadId, position })))
        .run();
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
    newUploadId: newId,
    uploadRetryAfter(userId) {
      return uploadsPerUser.hit(userId) ? 0 : uploadsPerUser.retryAfter(userId);
    },
    usedBytes,
    create(upload, quotaBytes) {
      return db.transaction((tx) => {
        const used = usedBytes(upload.ownerId);
        if (used + upload.size > quotaBytes) {
          throw payloadTooLarge(
            `This file would take you past your storage quota (${formatBytes(used)} of ${formatBytes(quotaBytes)} used). Delete old files or ask an admin for more space.`,
          );
        }
        tx.insert(uploads).values(upload).run();
        const row = tx.select().from(uploads).where(eq(uploads.id, upload.id)).get();
        if (!row) throw new Error('upload row vanished right after insert');
        return toAttachmentDto(row);
      });
    },
    findVisible(viewerId, uploadId) {
      const upload = db.select().from(uploads).where(eq(uploads.id, uploadId)).get();
      if (!upload) return undefined;
      if (upload.ownerId === viewerId) return upload;
      const shared = db
        .select({ messageId: attachments.messageId })
        .from(attachments)
        .innerJoin(messages, and(eq(messages.id, attachments.messageId), isNull(messages.deletedAt)))
        .innerJoin(memberships, and(eq(memberships.roomId, messages.roomId), eq(memberships.userId, viewerId)))
        .where(eq(attachments.uploadId, uploadId))
        .limit(1)
        .get();
      if (shared) return upload;
      const avatarOf = db.select({ id: users.id }).from(users).where(eq(users.avatarUploadId, uploadId)).limit(1).get();
      return avatarOf ? upload : undefined;
    },
  };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
}
