import { asc, inArray } from 'drizzle-orm';
import { messages, reactions, users, type Db } from '@confab/db';
import type { AttachmentDto, UploadService } from './uploads.js';
import { findPublicUser, toPublicUser, type PublicUser } from './users.js';

export interface ReactionDto {
  emoji: string;
  count: number;
  userIds: string[];
}

/**
 * The message a reply answers, as a compact quote: its author and the start of its text. A
 * deleted original reads `deleted: true` with an empty excerpt (and `author: null` if its row is gone).
 * It is read when the reply is read, so a client that holds replies patches them itself when an
 * original's `message.updated` / `message.deleted` arrives.
 */
export interface ReplyToDto {
  id: number;
  author: PublicUser | null;
  excerpt: string;
  deleted: boolean;
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
  /** the message this one answers, or null */
  replyTo: ReplyToDto | null;
}

export type MessageRow = typeof messages.$inferSelect;

const unknownAuthor = (id: string): PublicUser => ({ id, name: 'Deleted user', avatarUrl: null });

const EXCERPT_LENGTH = 140;

/** The start of a body on one line, cut at a word boundary when one is near. */
export function excerptOf(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line.length <= EXCERPT_LENGTH) return line;
  const cut = line.slice(0, EXCERPT_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${space > EXCERPT_LENGTH * 0.6 ? cut.slice(0, space) : cut}…`;
}

type QuotedRow = Pick<MessageRow, 'id' | 'authorId' | 'body' | 'deletedAt'>;

/** The rows the replies among `rows` answer, by id (one query). */
function quotedRows(db: Db, rows: readonly MessageRow[]): Map<number, QuotedRow> {
  const ids = [...new Set(rows.flatMap((row) => (row.replyToId === null ? [] : [row.replyToId])))];
  if (ids.length === 0) return new Map();
  const quoted = db
    .select({ id: messages.id, authorId: messages.authorId, body: messages.body, deletedAt: messages.deletedAt })
    .from(messages)
    .where(inArray(messages.id, ids))
    .all();
  return new Map(quoted.map((row) => [row.id, row]));
}

function replyToDto(id: number | null, quoted: Map<number, QuotedRow>, authorOf: (id: string) => PublicUser): ReplyToDto | null {
  if (id === null) return null;
  const row = quoted.get(id);
  if (!row) return { id, author: null, excerpt: '', deleted: true };
  const deleted = row.deletedAt !== null;
  return { id, author: authorOf(row.authorId), excerpt: deleted ? '' : excerptOf(row.body), deleted };
}

/** Builds the DTOs of a page of messages with one query per related table, never one per message. */
export function toMessageDtos(db: Db, uploads: UploadService, rows: readonly MessageRow[]): MessageDto[] {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const quoted = quotedRows(db, rows);
  const authorIds = [...new Set([...rows.map((row) => row.authorId), ...[...quoted.values()].map((row) => row.authorId)])];
  const authors = new Map(
    db
      .select({ id: users.id, name: users.name, avatarUploadId: users.avatarUploadId, deactivatedAt: users.deactivatedAt, kind: users.kind })
      .from(users)
      .where(inArray(users.id, authorIds))
      .all()
      .map((row) => [row.id, toPublicUser(row)]),
  );
  const reactionsById = reactionsFor(db, ids);
  const attachmentsById = uploads.attachmentsFor(ids);
  const authorOf = (id: string) => authors.get(id) ?? unknownAuthor(id);
  return rows.map((row) =>
    messageDto(
      row,
      authorOf(row.authorId),
      reactionsById.get(row.id) ?? [],
      attachmentsById.get(row.id) ?? [],
      replyToDto(row.replyToId, quoted, authorOf),
    ),
  );
}

function messageDto(
  row: MessageRow,
  author: PublicUser,
  reactions: ReactionDto[],
  attachments: AttachmentDto[],
  replyTo: ReplyToDto | null,
): MessageDto {
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
    replyTo,
  };
}

/**
 * The DTO of a message just inserted: it has no reactions yet, attachments only if some were
 * linked with it, and a quote only if it is a reply, so those are the only lookups besides its author.
 */
export function newMessageDto(db: Db, uploads: UploadService, row: MessageRow, linkedAttachments: number): MessageDto {
  const attachments = linkedAttachments > 0 ? (uploads.attachmentsFor([row.id]).get(row.id) ?? []) : [];
  const authorOf = (id: string) => findPublicUser(db, id) ?? unknownAuthor(id);
  const replyTo = row.replyToId === null ? null : replyToDto(row.replyToId, quotedRows(db, [row]), authorOf);
  return messageDto(row, authorOf(row.authorId), [], attachments, replyTo);
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
