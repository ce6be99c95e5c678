import { and, asc, count, eq, sql } from 'drizzle-orm';
import { memberships, rooms, users, type Db } from '@confab/db';
import { badRequest, forbidden, roomNotFound } from '../../errors.js';
import { writeWithEvents, type Emit, type Tx } from '../../events/log.js';
import { personalStream } from '../../events/types.js';
import { newId } from '../../ids.js';
import type { Services } from '../index.js';
import type { MemberDto, RoomDto, RoomInfo, RoomRole } from '../room-dto.js';
import { assertUsersExist, toPublicUser } from '../users.js';
import { roomById } from './listing.js';
import { findMembership, type Membership, type RoomRow } from './memberships.js';
import { assertGroupNameFree } from './names.js';

// Changing a group: create it, join it, leave it (with owner succession), add people, rename it.
// Each change and its events land in one transaction.

const toRoomInfo = (room: RoomRow): RoomInfo => ({
  id: room.id,
  kind: room.kind,
  name: room.name,
  topic: room.topic,
  visibility: room.visibility,
});

export function memberDto(tx: Tx | Db, roomId: string, userId: string): MemberDto {
  const row = tx
    .select({ id: users.id, name: users.name, avatarUploadId: users.avatarUploadId, role: memberships.role, joinedAt: memberships.joinedAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.roomId, roomId), eq(memberships.userId, userId)))
    .get();
  if (!row) throw new Error(`membership ${roomId}/${userId} vanished inside its own transaction`);
  return { user: toPublicUser(row), role: row.role, joinedAt: row.joinedAt.toISOString() };
}

/** Adds members (skipping those already in) and emits `member.joined` for each one added. */
export function addMembersTx(tx: Tx, emit: Emit, room: RoomRow, userIds: readonly string[], role: RoomRole): string[] {
  const added: string[] = [];
  for (const userId of userIds) {
    const inserted = tx.insert(memberships).values({ roomId: room.id, userId, role }).onConflictDoNothing().run();
    if (inserted.changes === 0) continue;
    added.push(userId);
    emit({ type: 'member.joined', roomId: room.id, room: toRoomInfo(room), member: memberDto(tx, room.id, userId) });
  }
  return added;
}

export function createGroup(
  s: Services,
  ownerId: string,
  input: { name: string; topic?: string | null | undefined; visibility: 'public' | 'private'; memberIds?: string[] | undefined },
): RoomDto {
  const memberIds = [...new Set(input.memberIds ?? [])].filter((id) => id !== ownerId);
  assertUsersExist(s.db, memberIds);
  const roomId = newId();
  writeWithEvents(s.db, s.bus, (tx, emit) => {
    assertGroupNameFree(s.db, input.name);
    const room = tx
      .insert(rooms)
      .values({ id: roomId, kind: 'group', name: input.name, topic: input.topic ?? null, visibility: input.visibility, createdBy: ownerId })
      .returning()
      .get();
    addMembersTx(tx, emit, room, [ownerId], 'owner');
    addMembersTx(tx, emit, room, memberIds, 'member');
  });
  return roomById(s, ownerId, roomId);
}

/** Joins a public group; a private room (or a DM) cannot be joined uninvited and looks missing. */
export function joinRoom(s: Services, userId: string, roomId: string): RoomDto {
  const room = s.db.select().from(rooms).where(eq(rooms.id, roomId)).get();
  const isMember = findMembership(s.db, roomId, userId) !== undefined;
  if (!room || (!isMember && (room.kind !== 'group' || room.visibility !== 'public' || room.archivedAt))) throw roomNotFound();
  if (!isMember) writeWithEvents(s.db, s.bus, (tx, emit) => addMembersTx(tx, emit, room, [userId], 'member'));
  return roomById(s, userId, roomId);
}

/** Leaves a group; if the last owner leaves, the longest-standing member becomes owner; if the last member leaves, it is archived. */
export function leaveRoom(s: Services, userId: string, membership: Membership): void {
  const room = membership.room;
  if (room.kind === 'direct') throw badRequest('You cannot leave a direct conversation.');
  writeWithEvents(s.db, s.bus, (tx, emit) => {
    tx.delete(memberships)
      .where(and(eq(memberships.roomId, room.id), eq(memberships.userId, userId)))
      .run();
    const event = { type: 'member.left', roomId: room.id, userId } as const;
    emit(event);
    // The leaver no longer reads the room's stream; their own copy tells their clients to drop it.
    emit(event, personalStream(userId));
    const remaining = tx.select({ n: count() }).from(memberships).where(eq(memberships.roomId, room.id)).get();
    if (!remaining || remaining.n === 0) {
      // Nobody is left to read it: out of Browse, and its name is free again.
      tx.update(rooms).set({ archivedAt: new Date() }).where(eq(rooms.id, room.id)).run();
      return;
    }
    const owners = tx
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.roomId, room.id), eq(memberships.role, 'owner')))
      .get();
    if (owners && owners.n > 0) return;
    const heir = tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(eq(memberships.roomId, room.id))
      .orderBy(asc(memberships.joinedAt), asc(sql`rowid`))
      .limit(1)
      .get();
    if (!heir) return;
    tx.update(memberships)
      .set({ role: 'owner' })
      .where(and(eq(memberships.roomId, room.id), eq(memberships.userId, heir.userId)))
      .run();
    emit({ type: 'member.updated', roomId: room.id, member: memberDto(tx, room.id, heir.userId) });
  });
}

/** Any member of a group may add people; DMs stay two-person. */
export function addMembers(s: Services, membership: Membership, userIds: readonly string[]): { addedUserIds: string[] } {
  const room = membership.room;
  if (room.kind === 'direct') throw badRequest('A direct conversation cannot have more members: create a group instead.');
  assertUsersExist(s.db, userIds);
  const addedUserIds = writeWithEvents(s.db, s.bus, (tx, emit) => addMembersTx(tx, emit, room, [...new Set(userIds)], 'member'));
  return { addedUserIds };
}

export function updateRoom(s: Services, membership: Membership, changes: { name?: string | undefined; topic?: string | null | undefined }): RoomInfo {
  const room = membership.room;
  if (room.kind === 'direct') throw badRequest('A direct conversation has no name or topic to change.');
  if (membership.role !== 'owner') throw forbidden('Only the room owner can change its name or topic.');
  const set: Partial<typeof rooms.$inferInsert> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.topic !== undefined) set.topic = changes.topic;
  if (Object.keys(set).length === 0) return toRoomInfo(room);
  return writeWithEvents(s.db, s.bus, (tx, emit) => {
    if (changes.name !== undefined) assertGroupNameFree(s.db, changes.name, room.id);
    const updated = tx.update(rooms).set(set).where(eq(rooms.id, room.id)).returning().get();
    if (!updated) throw roomNotFound();
    const info = toRoomInfo(updated);
    emit({ type: 'room.updated', roomId: room.id, room: info });
    return info;
  });
}
