import { and, eq } from 'drizzle-orm';
import { memberships } from '@confab/db';
import { writeWithEvents } from '../../events/log.js';
import type { Services } from '../index.js';
import type { Membership } from './memberships.js';

/** Moves my read marker forward (never back, never past the newest message) and tells the room. */
export function markRead(s: Services, userId: string, membership: Membership, messageId: number): { lastReadMessageId: number } {
  const target = Math.min(messageId, membership.room.lastMessageId ?? 0);
  if (target <= membership.lastReadMessageId) return { lastReadMessageId: membership.lastReadMessageId };
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
