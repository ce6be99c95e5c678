import { eq } from 'drizzle-orm';
import { memberships, rooms } from '@confab/db';
import { badRequest } from '../../errors.js';
import { newId } from '../../ids.js';
import type { Services } from '../index.js';
import type { RoomDto } from '../room-dto.js';
import { assertUsersExist } from '../users.js';
import { roomById } from './listing.js';

/** The one DM room of a pair, created on first call; the unique direct_key settles concurrent calls. */
export function openDirect(s: Services, userId: string, peerId: string): RoomDto {
  if (peerId === userId) throw badRequest('You cannot open a direct conversation with yourself.');
  assertUsersExist(s.db, [peerId]);
  const directKey = [userId, peerId].sort().join(':');
  s.db.transaction((tx) => {
    const id = newId();
    const inserted = tx.insert(rooms).values({ id, kind: 'direct', visibility: 'private', directKey, createdBy: userId }).onConflictDoNothing().run();
    if (inserted.changes === 0) return;
    tx.insert(memberships)
      .values([
        { roomId: id, userId, role: 'member' },
        { roomId: id, userId: peerId, role: 'member' },
      ])
      .run();
  });
  const room = s.db.select({ id: rooms.id }).from(rooms).where(eq(rooms.directKey, directKey)).get();
  if (!room) throw new Error('direct room missing right after get-or-create');
  return roomById(s, userId, room.id);
}
