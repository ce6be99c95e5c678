import { and, eq, sql } from 'drizzle-orm';
import { memberships, rooms, users } from '@confab/db';
import { badRequest, notFound, roomNotFound } from '../errors.js';
import { writeWithEvents } from '../events/log.js';
import { personalStream } from '../events/types.js';
import type { Services } from './index.js';
import type { RoomInfo } from './room-dto.js';
import { addMembersTx, memberDto } from './rooms/index.js';
import { assertGroupNameFree } from './rooms/names.js';
import { readTeam, writeTeam } from './team.js';
import { toPublicUser, type PublicUser } from './users.js';

// The admin's view of every group room, private ones they are not in included: rename, archive,
// delete, change owner. Direct conversations are never listed or touched.

export interface AdminRoomDto {
  id: string;
  name: string;
  topic: string | null;
  visibility: 'public' | 'private';
  memberCount: number;
  messageCount: number;
  owners: PublicUser[];
  createdAt: string;
  lastMessageAt: string | null;
  archivedAt: string | null;
  /** invites that name no rooms join this one */
  isDefault: boolean;
}

interface AdminRoomRow {
  id: string;
  name: string | null;
  topic: string | null;
  visibility: 'public' | 'private';
  createdAt: number;
  archivedAt: number | null;
  memberCount: number;
  messageCount: number;
  lastMessageAt: number | null;
}

export function adminRooms(s: Services): AdminRoomDto[] {
  const rows = s.db.all<AdminRoomRow>(sql`
    SELECT r.id, r.name, r.topic, r.visibility, r.created_at AS createdAt, r.archived_at AS archivedAt,
      (SELECT count(*) FROM membership m WHERE m.room_id = r.id) AS memberCount,
      (SELECT count(*) FROM message x WHERE x.room_id = r.id AND x.deleted_at IS NULL) AS messageCount,
      (SELECT x.created_at FROM message x WHERE x.id = r.last_message_id) AS lastMessageAt
    FROM room r WHERE r.kind = 'group' ORDER BY r.archived_at IS NOT NULL, r.name COLLATE NOCASE, r.id LIMIT 2000`);
  const ownerRows = s.db
    .select({ roomId: memberships.roomId, id: users.id, name: users.name, avatarUploadId: users.avatarUploadId, deactivatedAt: users.deactivatedAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.role, 'owner'))
    .all();
  const owners = new Map<string, PublicUser[]>();
  for (const row of ownerRows) owners.set(row.roomId, [...(owners.get(row.roomId) ?? []), toPublicUser(row)]);
  const defaults = new Set(readTeam(s).defaultRoomIds);
  return rows.map((row) => ({
    id: row.id,
    name: row.name ?? 'Untitled room',
    topic: row.topic,
    visibility: row.visibility,
    memberCount: row.memberCount,
    messageCount: row.messageCount,
    owners: owners.get(row.id) ?? [],
    createdAt: new Date(row.createdAt).toISOString(),
    lastMessageAt: row.lastMessageAt === null ? null : new Date(row.lastMessageAt).toISOString(),
    archivedAt: row.archivedAt === null ? null : new Date(row.archivedAt).toISOString(),
    isDefault: defaults.has(row.id),
  }));
}

function requireGroup(s: Services, roomId: string) {
  const room = s.db.select().from(rooms).where(eq(rooms.id, roomId)).get();
  if (!room || room.kind !== 'group') throw roomNotFound();
  return room;
}

const info = (room: typeof rooms.$inferSelect): RoomInfo => ({
  id: room.id,
  kind: room.kind,
  name: room.name,
  topic: room.topic,
  visibility: room.visibility,
});

export function adminUpdateRoom(
  s: Services,
  roomId: string,
  changes: { name?: string | undefined; topic?: string | null | undefined; visibility?: 'public' | 'private' | undefined },
): RoomInfo {
  const room = requireGroup(s, roomId);
  const set: Partial<typeof rooms.$inferInsert> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.topic !== undefined) set.topic = changes.topic;
  if (changes.visibility !== undefined) set.visibility = changes.visibility;
  if (Object.keys(set).length === 0) return info(room);
  return writeWithEvents(s.db, s.bus, (tx, emit) => {
    if (changes.name !== undefined && !room.archivedAt) assertGroupNameFree(s.db, changes.name, roomId);
    const updated = tx.update(rooms).set(set).where(eq(rooms.id, roomId)).returning().get();
    if (!updated) throw roomNotFound();
    emit({ type: 'room.updated', roomId, room: info(updated) });
    return info(updated);
  });
}

/** Archived: readable, takes no new messages, gone from the public directory; `archived: false` undoes it. */
export function archiveRoom(s: Services, roomId: string, archived: boolean): AdminRoomDto {
  const room = requireGroup(s, roomId);
  if (Boolean(room.archivedAt) !== archived) {
    writeWithEvents(s.db, s.bus, (tx, emit) => {
      // Archiving freed the name; someone may have taken it since.
      if (!archived && room.name !== null) assertGroupNameFree(s.db, room.name, roomId);
      const updated = tx
        .update(rooms)
        .set({ archivedAt: archived ? new Date() : null })
        .where(eq(rooms.id, roomId))
        .returning()
        .get();
      if (updated) emit({ type: 'room.updated', roomId, room: info(updated) });
    });
  }
  const dto = adminRooms(s).find((entry) => entry.id === roomId);
  if (!dto) throw roomNotFound();
  return dto;
}

/** Deletes a group with its messages; every member is told through their personal stream. */
export function deleteRoom(s: Services, roomId: string): void {
  requireGroup(s, roomId);
  writeWithEvents(s.db, s.bus, (tx, emit) => {
    const members = tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.roomId, roomId)).all();
    for (const { userId } of members) emit({ type: 'member.left', roomId, userId }, personalStream(userId));
    tx.delete(rooms).where(eq(rooms.id, roomId)).run();
  });
  const settings = readTeam(s);
  if (settings.defaultRoomIds.includes(roomId)) writeTeam(s.db, { defaultRoomIds: settings.defaultRoomIds.filter((id) => id !== roomId) });
}

/** Makes `userId` an owner of the room (adding them if needed); the other owners become members. */
export function setRoomOwner(s: Services, roomId: string, userId: string): AdminRoomDto {
  const room = requireGroup(s, roomId);
  const user = s.db.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, userId)).get();
  if (!user) throw notFound('User not found: check the user id.');
  if (user.deactivatedAt) throw badRequest('A deactivated person cannot own a room: reactivate them first, or pick someone else.');
  writeWithEvents(s.db, s.bus, (tx, emit) => {
    addMembersTx(tx, emit, room, [userId], 'member');
    const previous = tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.roomId, roomId), eq(memberships.role, 'owner')))
      .all();
    for (const owner of previous) {
      if (owner.userId === userId) continue;
      tx.update(memberships)
        .set({ role: 'member' })
        .where(and(eq(memberships.roomId, roomId), eq(memberships.userId, owner.userId)))
        .run();
      emit({ type: 'member.updated', roomId, member: memberDto(tx, roomId, owner.userId) });
    }
    tx.update(memberships)
      .set({ role: 'owner' })
      .where(and(eq(memberships.roomId, roomId), eq(memberships.userId, userId)))
      .run();
    emit({ type: 'member.updated', roomId, member: memberDto(tx, roomId, userId) });
  });
  const dto = adminRooms(s).find((entry) => entry.id === roomId);
  if (!dto) throw roomNotFound();
  return dto;
}
