import { and, eq, sql } from 'drizzle-orm';
import { attachments, memberships, messages, reactions, rooms } from '@confab/db';
import { badRequest, conflict, forbidden, messageNotFound, tooManyRequests } from '../errors.js';
import { writeWithEvents, type Emit, type Tx } from '../events/log.js';
import { oncePerDb } from '../prepared.js';
import type { Services } from './index.js';
import { newMessageDto, reactionsFor, toMessageDto, type MessageDto, type MessageRow } from './message-dto.js';
import type { Membership } from './rooms/index.js';
import { forgetMentions, recordMentions } from './rooms/mentions.js';

/** The statements of every send, prepared once. */
const send = oncePerDb((db) => ({
  byClientId: db
    .select()
    .from(messages)
    .where(and(eq(messages.authorId, sql.placeholder('authorId')), eq(messages.clientId, sql.placeholder('clientId'))))
    .prepare(),
  insert: db
    .insert(messages)
    .values({
      roomId: sql.placeholder('roomId'),
      authorId: sql.placeholder('authorId'),
      body: sql.placeholder('body'),
      clientId: sql.placeholder('clientId'),
      replyToId: sql.placeholder('replyToId'),
    })
    .returning()
    .prepare(),
  quoted: db
    .select({ roomId: messages.roomId, deletedAt: messages.deletedAt })
    .from(messages)
    .where(eq(messages.id, sql.placeholder('messageId')))
    .prepare(),
  setLastMessage: db
    .update(rooms)
    .set({ lastMessageId: sql`${sql.placeholder('messageId')}` })
    .where(eq(rooms.id, sql.placeholder('roomId')))
    .prepare(),
  markRead: db
    .update(memberships)
    .set({ lastReadMessageId: sql`${sql.placeholder('messageId')}` })
    .where(and(eq(memberships.roomId, sql.placeholder('roomId')), eq(memberships.userId, sql.placeholder('userId'))))
    .prepare(),
}));

interface SendInput {
  body: string;
  clientId: string;
  attachmentIds?: string[] | undefined;
  /** the message of this room the new one answers */
  replyToId?: number | null | undefined;
}

interface Sent {
  message: MessageDto;
  mentionedUserIds: string[];
}

type SendPlan = { stored: MessageDto } | { write: (tx: Tx, emit: Emit) => Sent; after: (sent: Sent) => MessageDto };

/**
 * Sends a message. A retried send (same author and clientId) returns the stored message and
 * emits nothing; otherwise the message, its attachments, the room's last message, my read
 * marker and the `message.created` event land in one transaction.
 */
export function sendMessage(s: Services, user: { id: string; name: string }, membership: Membership, input: SendInput): MessageDto {
  const plan = planSend(s, user, membership, input);
  if ('stored' in plan) return plan.stored;
  return plan.after(writeWithEvents(s.db, s.bus, plan.write));
}

/**
 * The same send through group commit (`s.groupCommit`): it shares the transaction of the other
 * sends of this event-loop turn and resolves after that COMMIT, so an acknowledged message is
 * stored exactly as with `sendMessage`. A retry that lands in the same batch as its first try
 * meets the unique (author, clientId) index, rolls back alone and answers the stored message.
 */
export async function sendMessageGrouped(
  s: Services,
  user: { id: string; name: string },
  membership: Membership,
  input: SendInput,
): Promise<MessageDto> {
  const plan = planSend(s, user, membership, input);
  if ('stored' in plan) return plan.stored;
  try {
    return plan.after(await s.groupCommit.write(plan.write));
  } catch (error) {
    const again = isUniqueViolation(error) ? storedSend(s, user.id, membership.room.id, input.clientId) : null;
    if (again) return again;
    throw error;
  }
}

const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';

/** the message this author already sent under `clientId`, or null */
function storedSend(s: Services, authorId: string, roomId: string, clientId: string): MessageDto | null {
  const stored = send(s.db).byClientId.get({ authorId, clientId });
  if (!stored) return null;
  if (stored.roomId !== roomId) throw conflict('This clientId was already used for a message in another room: use a fresh one per message.');
  return toMessageDto(s.db, s.uploads, stored);
}

/** The checks of a send, then its write (in a transaction) and what follows its commit. */
function planSend(s: Services, user: { id: string; name: string }, membership: Membership, input: SendInput): SendPlan {
  const roomId = membership.room.id;
  const stored = storedSend(s, user.id, roomId, input.clientId);
  if (stored) return { stored };
  if (membership.room.archivedAt) throw forbidden('This room is archived: it can be read, but takes no new messages.');
  const limiter = s.limits.sendsPerUser;
  if (!limiter.hit(user.id)) throw tooManyRequests(limiter, user.id, 'messages: you are sending too fast');
  const attachmentIds = input.attachmentIds ?? [];
  s.uploads.assertOwnUploads(user.id, attachmentIds);
  const replyToId = input.replyToId ?? null;
  if (replyToId !== null) {
    const quoted = send(s.db).quoted.get({ messageId: replyToId });
    if (!quoted || quoted.roomId !== roomId) throw badRequest('replyToId: you can only reply to a message of this room.');
    if (quoted.deletedAt) throw badRequest('replyToId: that message was deleted, so it cannot be replied to.');
  }
  return {
    write(tx, emit) {
      // Prepared on `s.db`: better-sqlite3 has one connection, so they run inside this transaction.
      const statements = send(s.db);
      const row = statements.insert.get({ roomId, authorId: user.id, body: input.body, clientId: input.clientId, replyToId });
      if (!row) throw new Error('INSERT … RETURNING gave no row');
      s.uploads.linkAttachments(tx, row.id, attachmentIds);
      statements.setLastMessage.run({ roomId, messageId: row.id });
      statements.markRead.run({ roomId, userId: user.id, messageId: row.id });
      const mentionedUserIds = recordMentions(s.db, row);
      const dto = newMessageDto(s.db, s.uploads, row, attachmentIds.length);
      emit({ type: 'message.created', roomId, message: dto, mentionedUserIds });
      return { message: dto, mentionedUserIds };
    },
    after({ message, mentionedUserIds }) {
      s.typing.set(roomId, user, false);
      s.push.messageSent(membership.room, message, mentionedUserIds);
      return message;
    },
  };
}

/** A message as seen through `userId`'s membership of its room, with their role there. */
function findVisibleMessage(
  s: Services,
  userId: string,
  messageId: number,
): { message: MessageRow; role: 'owner' | 'member'; roomKind: 'direct' | 'group' } {
  const row = s.db
    .select({ message: messages, role: memberships.role, roomKind: rooms.kind })
    .from(messages)
    .innerJoin(memberships, and(eq(memberships.roomId, messages.roomId), eq(memberships.userId, userId)))
    .innerJoin(rooms, eq(rooms.id, messages.roomId))
    .where(eq(messages.id, messageId))
    .get();
  if (!row) throw messageNotFound();
  return row;
}

const assertNotDeleted = (message: MessageRow, action: string) => {
  if (message.deletedAt) throw badRequest(`A deleted message cannot be ${action}.`);
};

export function editMessage(s: Services, userId: string, messageId: number, body: string): MessageDto {
  const { message } = findVisibleMessage(s, userId, messageId);
  if (message.authorId !== userId) throw forbidden('You can only edit your own messages.');
  assertNotDeleted(message, 'edited');
  if (body.length === 0 && s.uploads.attachmentsFor([message.id]).size === 0) throw badRequest('body: Message cannot be empty.');
  if (body === message.body) return toMessageDto(s.db, s.uploads, message);
  return writeWithEvents(s.db, s.bus, (tx, emit) => {
    const row = tx.update(messages).set({ body, editedAt: new Date() }).where(eq(messages.id, messageId)).returning().get();
    if (!row) throw messageNotFound();
    forgetMentions(s.db, row.id);
    recordMentions(s.db, row);
    const dto = toMessageDto(s.db, s.uploads, row);
    emit({ type: 'message.updated', roomId: row.roomId, message: dto });
    return dto;
  });
}

/** Leaves a tombstone: the body, attachments and reactions go, the id and author stay. */
export function deleteMessage(s: Services, userId: string, messageId: number): MessageDto {
  const { message, role, roomKind } = findVisibleMessage(s, userId, messageId);
  const mayModerate = roomKind === 'group' && role === 'owner';
  if (message.authorId !== userId && !mayModerate) throw forbidden('You can only delete your own messages.');
  if (message.deletedAt) return toMessageDto(s.db, s.uploads, message);
  return writeWithEvents(s.db, s.bus, (tx, emit) => {
    const row = tx.update(messages).set({ body: '', deletedAt: new Date() }).where(eq(messages.id, messageId)).returning().get();
    if (!row) throw messageNotFound();
    tx.delete(attachments).where(eq(attachments.messageId, messageId)).run();
    tx.delete(reactions).where(eq(reactions.messageId, messageId)).run();
    forgetMentions(s.db, messageId);
    const dto = toMessageDto(s.db, s.uploads, row);
    emit({ type: 'message.deleted', roomId: row.roomId, message: dto });
    return dto;
  });
}

/** Toggles my `emoji` on a message and tells the room the new counts. */
export function toggleReaction(s: Services, userId: string, messageId: number, emoji: string): MessageDto {
  const { message } = findVisibleMessage(s, userId, messageId);
  assertNotDeleted(message, 'reacted to');
  writeWithEvents(s.db, s.bus, (tx, emit) => {
    const mine = and(eq(reactions.messageId, messageId), eq(reactions.userId, userId), eq(reactions.emoji, emoji));
    const removed = tx.delete(reactions).where(mine).run();
    if (removed.changes === 0) tx.insert(reactions).values({ messageId, userId, emoji }).run();
    emit({ type: 'reaction.changed', roomId: message.roomId, messageId, reactions: reactionsFor(s.db, [messageId]).get(messageId) ?? [] });
  });
  return toMessageDto(s.db, s.uploads, message);
}
