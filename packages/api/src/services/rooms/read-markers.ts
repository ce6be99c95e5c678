import { and, eq } from 'drizzle-orm';
import { memberships, messages } from '@confab/db';
import { notFound } from '../../errors.js';
import { writeWithEvents } from '../../events/log.js';
import type { Services } from '../index.js';
import type { Membership } from './memberships.js';

/** Moves my read marker forward (never back, never past the newest message) and tells the room. */
export function markRead(s: Services, userId: string, membership: Membership, messageId: number): { lastReadMessageId: number } {
  const target = Math.min(messageId, membership.room.lastMessageId ?? 0);
  if (target <= membership.lastReadMessageId) return { lastReadMessageId: membership.lastReadMessageId };
  return moveMarker(s, userId, membership, target);
}

/**
 * "Mark as unread": moves my read marker back to just before `messageId` (a message of this room),
 * so it and everything after it count as unread again; a marker already before it stays. The same
 * `read.updated` as `markRead` tells my other devices (and their counts follow from the marker).
 */
export function markUnread(s: Services, userId: string, membership: Membership, messageId: number): { lastReadMessageId: number } {
  const roomId = membership.room.id;
  const message = s.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.roomId, roomId)))
    .get();
  if (!message) throw notFound(`Message ${messageId} is not in this room.`);
  // Message ids grow across the server, so "just before it" is one less: nothing of this room lies between.
  const target = message.id - 1;
  if (target >= membership.lastReadMessageId) return { lastReadMessageId: membership.lastReadMessageId };
  return moveMarker(s, userId, membership, target);
}

function moveMarker(s: Services, userId: string, membership: Membership, target: number): { lastReadMessageId: number } {
  const roomId = membership.room.id;
  writeWithEvents(s.db, s.bus, (tx, emit) => {
    tx.update(memberships)
      .set({ lastReadMessageId: target })
      .where(and(eq(memberships.roomId, roomId), eq(memberships.userId, userId)))
      .run();
    emit({ type: 'read.updated', roomId, userId, lastReadMessageId: target });
  });
  return { lastReadMessageId: target };
}
