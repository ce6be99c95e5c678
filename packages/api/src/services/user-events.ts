import { eq, sql } from 'drizzle-orm';
import { users } from '@confab/db';
import type { Emit, Tx } from '../events/log.js';
import { personalStream } from '../events/types.js';
import { toPublicUser, type PublicUser } from './users.js';

/** A person as `user.updated` carries them: their public fields and whether they were deactivated. */
export interface UpdatedUser extends Omit<PublicUser, 'deactivated'> {
  deactivated: boolean;
}

/**
 * Emits `user.updated` (inside the change's transaction) to everyone who shares a room or a
 * contact with `userId`: one copy in each of their rooms' streams, one in the personal stream of
 * each contact who shares no room with them, and one in their own (their other devices).
 */
export function emitUserUpdated(tx: Tx, emit: Emit, userId: string): void {
  const row = tx.select().from(users).where(eq(users.id, userId)).get();
  if (!row) return;
  const user: UpdatedUser = { ...toPublicUser(row), deactivated: row.deactivatedAt !== null };
  const roomIds = tx.all<{ roomId: string }>(sql`SELECT room_id AS roomId FROM membership WHERE user_id = ${userId}`);
  for (const { roomId } of roomIds) emit({ type: 'user.updated', roomId, user });
  const contactsOutsideRooms = tx.all<{ id: string }>(sql`
    SELECT contact_id AS id FROM contact WHERE owner_id = ${userId}
    UNION SELECT owner_id FROM contact WHERE contact_id = ${userId}
    EXCEPT SELECT other.user_id FROM membership mine JOIN membership other ON other.room_id = mine.room_id WHERE mine.user_id = ${userId}`);
  for (const { id } of [...contactsOutsideRooms, { id: userId }]) {
    const stream = personalStream(id);
    emit({ type: 'user.updated', roomId: stream, user }, stream);
  }
}
