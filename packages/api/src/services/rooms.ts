import { TRPCError } from '@trpc/server';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { memberships, messages, rooms, users, type Db } from '@confab/db';
import { writeWithEvents, type Emit, type Tx } from '../events/log.js';
import { personalStream } from '../events/types.js';
import { newId } from '../ids.js';
import { oncePerDb } from '../prepared.js';
import type { Services } from './index.js';
import { toMessageDtos } from './message-dto.js';
import type { MemberDto, MemberWithPresence, PublicRoomDto, RoomDto, RoomInfo, RoomRole } from './room-dto.js';
import { toPublicUser } from './users.js';

export type RoomRow = typeof rooms.$inferSelect;
export interface Membership {
  room: RoomRow;
  role: RoomRole;
  lastReadMessageId: number;
}

export const roomNotFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'Room not found.' });

// Checked on every room-scoped call (each send among them): prepared once.
const membershipOf = oncePerDb((db) =>
  db
    .select({ room: rooms, role: memberships.role, lastReadMessageId: memberships.lastReadMessageId })
    .from(memberships)
    .innerJoin(rooms, eq(rooms.id, memberships.roomId))
    .where(and(eq(memberships.roomId, sql.placeholder('roomId')), eq(memberships.userId, sql.placeholder('userId'))))
    .prepare(),
);
const membershipExists = oncePerDb((db) =>
  db
    .select({ roomId: memberships.roomId })
    .from(memberships)
    .where(and(eq(memberships.roomId, sql.placeholder('roomId')), eq(memberships.userId, sql.placeholder('userId'))))
    .prepare(),
);

/** The room as seen through `userId`'s membership: a room you are not in does not exist for you. */
export function findMembership(db: Db, roomId: string, userId: string): Membership | undefined {
  return membershipOf(db).get({ roomId, userId });
}

export function requireMembership(db: Db, roomId: string, userId: string): Membership {
  const membership = findMembership(db, roomId, userId);
  if (!membership) throw roomNotFound();
  return membership;
}

export const toRoomInfo = (room: RoomRow): RoomInfo => ({
  id: room.id,
  kind: room.kind,
  name: room.name,
  topic: room.topic,
  visibility: room.visibility,
});

function memberDto(tx: Tx | Db, roomId: string, userId: string): MemberDto {
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
function addMembersTx(tx: Tx, emit: Emit, room: RoomRow, userIds: readonly string[], role: RoomRole): string[] {
  const added: string[] = [];
  for (const userId of userIds) {
    const inserted = tx.insert(memberships).values({ roomId: room.id, userId, role }).onConflictDoNothing().run();
    if (inserted.changes === 0) continue;
    added.push(userId);
    emit({ type: 'member.joined', roomId: room.id, room: toRoomInfo(room), member: memberDto(tx, room.id, userId) });
  }
  return added;
}

function assertUsersExist(db: Db, userIds: readonly string[]): void {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const found = db.select({ id: users.id }).from(users).where(inArray(users.id, unique)).all();
  if (found.length !== unique.length) throw new TRPCError({ code: 'NOT_FOUND', message: 'User not found: check the user ids.' });
}

interface RoomListRow {
  id: string;
  kind: 'direct' | 'group';
  name: string | null;
  topic: string | null;
  visibility: 'public' | 'private';
  createdAt: number;
  lastMessageId: number | null;
  role: RoomRole;
  lastReadMessageId: number;
  joinedAt: number;
  unreadCount: number;
  peerId: string | null;
}

/**
 * My rooms with everything a sidebar needs, newest activity first. A DM shows up for the peer
 * only once it holds a message; the one who opened it always sees it. With `roomId`, just that
 * room (if I am in it), whatever its messages.
 */
export function listRooms(s: Services, userId: string, roomId?: string): RoomDto[] {
  const rows = s.db.all<RoomListRow>(sql`
    SELECT r.id, r.kind, r.name, r.topic, r.visibility, r.created_at AS createdAt, r.last_message_id AS lastMessageId,
      m.role, m.last_read_message_id AS lastReadMessageId, m.joined_at AS joinedAt,
      (SELECT count(*) FROM (SELECT 1 FROM message x WHERE x.room_id = r.id AND x.id > m.last_read_message_id
         AND x.author_id != m.user_id AND x.deleted_at IS NULL LIMIT 1000)) AS unreadCount,
      CASE WHEN r.kind = 'direct' THEN (SELECT p.user_id FROM membership p WHERE p.room_id = r.id AND p.user_id != m.user_id LIMIT 1) END AS peerId
    FROM membership m JOIN room r ON r.id = m.room_id
    WHERE m.user_id = ${userId}
      AND ${roomId === undefined ? sql`(r.kind = 'group' OR r.last_message_id IS NOT NULL OR r.created_by = m.user_id)` : sql`r.id = ${roomId}`}`);

  const lastIds = rows.flatMap((row) => (row.lastMessageId === null ? [] : [row.lastMessageId]));
  const lastRows = lastIds.length ? s.db.select().from(messages).where(inArray(messages.id, lastIds)).all() : [];
  const lastMessages = new Map(toMessageDtos(s.db, s.uploads, lastRows).map((dto) => [dto.id, dto]));
  const peerIds = rows.flatMap((row) => (row.peerId ? [row.peerId] : []));
  const peers = new Map(
    peerIds.length
      ? s.db
          .select({ id: users.id, name: users.name, avatarUploadId: users.avatarUploadId })
          .from(users)
          .where(inArray(users.id, peerIds))
          .all()
          .map((row) => [row.id, toPublicUser(row)])
      : [],
  );
  const presence = new Map(s.presence.presenceOf(peerIds).map((p) => [p.userId, p]));

  const list = rows.map((row): RoomDto => {
    const lastMessage = row.lastMessageId === null ? null : (lastMessages.get(row.lastMessageId) ?? null);
    const peerUser = row.peerId ? peers.get(row.peerId) : undefined;
    const peerPresence = row.peerId ? presence.get(row.peerId) : undefined;
    const peer = peerUser ? { ...peerUser, online: peerPresence?.online ?? false, lastSeenAt: peerPresence?.lastSeenAt ?? null } : null;
    const since = Math.max(row.createdAt, row.joinedAt);
    return {
      id: row.id,
      kind: row.kind,
      name: row.kind === 'direct' ? (peer?.name ?? 'Deleted user') : (row.name ?? 'Untitled room'),
      topic: row.topic,
      visibility: row.visibility,
      role: row.role,
      peer,
      lastMessage,
      unreadCount: row.unreadCount,
      lastReadMessageId: row.lastReadMessageId,
      lastActivityAt: lastMessage?.createdAt ?? new Date(since).toISOString(),
    };
  });
  return list.sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
}

export function roomById(s: Services, userId: string, roomId: string): RoomDto {
  const [room] = listRooms(s, userId, roomId);
  if (!room) throw roomNotFound();
  return room;
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

/** The one DM room of a pair, created on first call; the unique direct_key settles concurrent calls. */
export function openDirect(s: Services, userId: string, peerId: string): RoomDto {
  if (peerId === userId) throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot open a direct conversation with yourself.' });
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

export function browsePublic(s: Services, userId: string): PublicRoomDto[] {
  return s.db
    .all<{ id: string; name: string | null; topic: string | null; memberCount: number; isMember: number }>(sql`
      SELECT r.id, r.name, r.topic,
        (SELECT count(*) FROM membership c WHERE c.room_id = r.id) AS memberCount,
        EXISTS (SELECT 1 FROM membership me WHERE me.room_id = r.id AND me.user_id = ${userId}) AS isMember
      FROM room r WHERE r.visibility = 'public' AND r.kind = 'group'
      ORDER BY r.name COLLATE NOCASE, r.id LIMIT 500`)
    .map((row) => ({ id: row.id, name: row.name ?? 'Untitled room', topic: row.topic, memberCount: row.memberCount, isMember: row.isMember === 1 }));
}

/** Joins a public group; a private room (or a DM) cannot be joined uninvited and looks missing. */
export function joinRoom(s: Services, userId: string, roomId: string): RoomDto {
  const room = s.db.select().from(rooms).where(eq(rooms.id, roomId)).get();
  const isMember = findMembership(s.db, roomId, userId) !== undefined;
  if (!room || (!isMember && (room.kind !== 'group' || room.visibility !== 'public'))) throw roomNotFound();
  if (!isMember) writeWithEvents(s.db, s.bus, (tx, emit) => addMembersTx(tx, emit, room, [userId], 'member'));
  return roomById(s, userId, roomId);
}

/** Leaves a group; if the last owner leaves, the longest-standing member becomes owner. */
export function leaveRoom(s: Services, userId: string, membership: Membership): void {
  const room = membership.room;
  if (room.kind === 'direct') throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot leave a direct conversation.' });
  writeWithEvents(s.db, s.bus, (tx, emit) => {
    tx.delete(memberships).where(and(eq(memberships.roomId, room.id), eq(memberships.userId, userId))).run();
    const event = { type: 'member.left', roomId: room.id, userId } as const;
    emit(event);
    // The leaver no longer reads the room's stream; their own copy tells their clients to drop it.
    emit(event, personalStream(userId));
    const owners = tx.select({ n: count() }).from(memberships).where(and(eq(memberships.roomId, room.id), eq(memberships.role, 'owner'))).get();
    if (owners && owners.n > 0) return;
    const heir = tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(eq(memberships.roomId, room.id))
      .orderBy(asc(memberships.joinedAt), asc(sql`rowid`))
      .limit(1)
      .get();
    if (!heir) return;
    tx.update(memberships).set({ role: 'owner' }).where(and(eq(memberships.roomId, room.id), eq(memberships.userId, heir.userId))).run();
    emit({ type: 'member.updated', roomId: room.id, member: memberDto(tx, room.id, heir.userId) });
  });
}

/** Any member of a group may add people; DMs stay two-person. */
export function addMembers(s: Services, membership: Membership, userIds: readonly string[]): { addedUserIds: string[] } {
  const room = membership.room;
  if (room.kind === 'direct') throw new TRPCError({ code: 'BAD_REQUEST', message: 'A direct conversation cannot have more members: create a group instead.' });
  assertUsersExist(s.db, userIds);
  const addedUserIds = writeWithEvents(s.db, s.bus, (tx, emit) => addMembersTx(tx, emit, room, [...new Set(userIds)], 'member'));
  return { addedUserIds };
}

export function updateRoom(s: Services, membership: Membership, changes: { name?: string | undefined; topic?: string | null | undefined }): RoomInfo {
  const room = membership.room;
  if (room.kind === 'direct') throw new TRPCError({ code: 'BAD_REQUEST', message: 'A direct conversation has no name or topic to change.' });
  if (membership.role !== 'owner') throw new TRPCError({ code: 'FORBIDDEN', message: 'Only the room owner can change its name or topic.' });
  const set: Partial<typeof rooms.$inferInsert> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.topic !== undefined) set.topic = changes.topic;
  if (Object.keys(set).length === 0) return toRoomInfo(room);
  return writeWithEvents(s.db, s.bus, (tx, emit) => {
    const updated = tx.update(rooms).set(set).where(eq(rooms.id, room.id)).returning().get();
    if (!updated) throw roomNotFound();
    const info = toRoomInfo(updated);
    emit({ type: 'room.updated', roomId: room.id, room: info });
    return info;
  });
}

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

export function listMembers(s: Services, roomId: string): MemberWithPresence[] {
  const rows = s.db
    .select({
      id: users.id,
      name: users.name,
      avatarUploadId: users.avatarUploadId,
      role: memberships.role,
      joinedAt: memberships.joinedAt,
      lastReadMessageId: memberships.lastReadMessageId,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.roomId, roomId))
    .orderBy(asc(memberships.joinedAt))
    .limit(1000)
    .all();
  const presence = new Map(s.presence.presenceOf(rows.map((row) => row.id)).map((p) => [p.userId, p]));
  return rows.map((row) => ({
    user: toPublicUser(row),
    role: row.role,
    joinedAt: row.joinedAt.toISOString(),
    lastReadMessageId: row.lastReadMessageId,
    online: presence.get(row.id)?.online ?? false,
    lastSeenAt: presence.get(row.id)?.lastSeenAt ?? null,
  }));
}

export const isMember = (db: Db, roomId: string, userId: string) => membershipExists(db).get({ roomId, userId }) !== undefined;
