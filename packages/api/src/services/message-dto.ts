import { asc, inArray } from 'drizzle-orm';
import { messages, reactions, users, type Db } from '@confab/db';
import type { AttachmentDto, UploadService } from './uploads.js';
import { findPublicUser, toPublicUser, type PublicUser } from './users.js';

export interface ReactionDto {
  emoji: string;
  count: number;
  userIds: string[];
}

/** A message as every client renders it; a deleted one is a tombstone (body '' and no attachments). */
export interface MessageDto {
  id: number;
  roomId: string;
  author: PublicUser;
  body: string;
  clientId: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  reactions: ReactionDto[];
  attachments: AttachmentDto[];
}

export type MessageRow = typeof messages.$inferSelect;

const unknownAuthor = (id: string): PublicUser => ({ id, name: 'Deleted user', avatarUrl: null });

/** Builds the DTOs of a page of messages with one query per related table, never one per message. */
export function toMessageDtos(db: Db, uploads: UploadService, rows: readonly MessageRow[]): MessageDto[] {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const authorIds = [...new Set(rows.map((row) => row.authorId))];
  const authors = new Map(
    db
      .select({ id: users.id, name: users.name, avatarUploadId: users.avatarUploadId, deactivatedAt: users.deactivatedAt })
      .from(users)
      .where(inArray(users.id, authorIds))
      .all()
      .map((row) => [row.id, toPublicUser(row)]),
  );
  const reactionsById = reactionsFor(db, ids);
  const attachmentsById = uploads.attachmentsFor(ids);
  return rows.map((row) =>
    messageDto(row, authors.get(row.authorId) ?? unknownAuthor(row.authorId), reactionsById.get(row.id) ?? [], attachmentsById.get(row.id) ?? []),
  );
}

function messageDto(row: MessageRow, author: PublicUser, reactions: ReactionDto[], attachments: AttachmentDto[]): MessageDto {
  return {
    id: row.id,
    roomId: row.roomId,
    author,
    body: row.deletedAt ? '' : row.body,
    clientId: row.clientId,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    reactions: row.deletedAt ? [] : reactions,
    attachments: row.deletedAt ? [] : attachments,
  };
}

/**
 * The DTO of a message just inserted: it has no reactions yet, and attachments only if some
 * were linked with it, so those are the only lookups besides its author.
 */
export function newMessageDto(db: Db, uploads: UploadService, row: MessageRow, linkedAttachments: number): MessageDto {
  const attachments = linkedAttachments > 0 ? (uploads.attachmentsFor([row.id]).get(row.id) ?? []) : [];
  return messageDto(row, findPublicUser(db, row.authorId) ?? unknownAuthor(row.authorId), [], attachments);
}

export function toMessageDto(db: Db, uploads: UploadService, row: MessageRow): MessageDto {
  const [dto] = toMessageDtos(db, uploads, [row]);
  if (!dto) throw new Error('a message row always yields a DTO');
  return dto;
}

/** Reactions grouped by emoji, in the order each emoji was first used. */
export function reactionsFor(db: Db, messageIds: readonly number[]): Map<number, ReactionDto[]> {
  const result = new Map<number, ReactionDto[]>();
  if (messageIds.length === 0) return result;
  const rows = db
    .select({ messageId: reactions.messageId, userId: reactions.userId, emoji: reactions.emoji })
    .from(reactions)
    .where(inArray(reactions.messageId, [...messageIds]))
    .orderBy(asc(reactions.messageId), asc(reactions.createdAt))
    .all();
  for (const row of rows) {
    const list = result.get(row.messageId) ?? [];
    let entry = list.find((reaction) => reaction.emoji === row.emoji);
    if (!entry) list.push((entry = { emoji: row.emoji, count: 0, userIds: [] }));
    entry.count++;
    entry.userIds.push(row.userId);
    result.set(row.messageId, list);
  }
  return result;
}
