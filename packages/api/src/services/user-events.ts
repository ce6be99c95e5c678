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
 * each contact who shares no room with them, and one in their own (their other devices). Active
 * admins who share no room with them get one in their personal stream too, so the admin page's
 * people list follows every rename and (de)activation.
 */
export function emitUserUpdated(tx: Tx, emit: Emit, userId: string): void {
  const user = updatedUser(tx, userId);
  if (!user) return;
  const roomIds = tx.all<{ roomId: string }>(sql`SELECT room_id AS roomId FROM membership WHERE user_id = ${userId}`);
  for (const { roomId } of roomIds) emit({ type: 'user.updated', roomId, user });
  const outsideRooms = tx.all<{ id: string }>(sql`
    SELECT contact_id AS id FROM contact WHERE owner_id = ${userId}
    UNION SELECT owner_id FROM contact WHERE contact_id = ${userId}
    UNION SELECT id FROM user WHERE role = 'admin' AND deactivated_at IS NULL
    EXCEPT SELECT other.user_id FROM membership mine JOIN membership other ON other.room_id = mine.room_id WHERE mine.user_id = ${userId}`);
  emitToPeople(emit, user, [...outsideRooms.map((row) => row.id), userId]);
}

/**
 * Emits `user.updated` only to the active admins and to the person themselves: a change the team
 * does not see (a new role, a new sign-up), which the admin page's people list and the person's own
 * devices (the admin link) must follow. Members learn nothing of it, not even that it happened.
 */
export function emitUserUpdatedToAdmins(tx: Tx, emit: Emit, userId: string): void {
  const user = updatedUser(tx, userId);
  if (!user) return;
  const admins = tx.all<{ id: string }>(sql`SELECT id FROM user WHERE role = 'admin' AND deactivated_at IS NULL`);
  emitToPeople(emit, user, [...admins.map((row) => row.id), userId]);
}

function updatedUser(tx: Tx, userId: string): UpdatedUser | null {
  const row = tx.select().from(users).where(eq(users.id, userId)).get();
  return row ? { ...toPublicUser(row), deactivated: row.deactivatedAt !== null } : null;
}

function emitToPeople(emit: Emit, user: UpdatedUser, recipientIds: readonly string[]): void {
  for (const id of new Set(recipientIds)) {
    const stream = personalStream(id);
    emit({ type: 'user.updated', roomId: stream, user }, stream);
  }
}
