import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { memberships, messages, users } from '@confab/db';
import { roomNotFound } from '../../errors.js';
import type { Services } from '../index.js';
import { toMessageDtos } from '../message-dto.js';
import type { MemberWithPresence, NotificationLevel, RoomDto, RoomRole } from '../room-dto.js';
import { notificationsOf } from './levels.js';
import { toPublicUser } from '../users.js';

// Reading rooms: my room list (and one room of it), the public directory, a room's members.

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
  mentionCount: number;
  notificationLevel: NotificationLevel | null;
  ignoreMentions: number;
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
      (SELECT count(*) FROM (SELECT 1 FROM mention n WHERE n.user_id = m.user_id AND n.room_id = r.id
         AND n.message_id > m.last_read_message_id LIMIT 1000)) AS mentionCount,
      m.notification_level AS notificationLevel, m.ignore_mentions AS ignoreMentions,
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
          .select({ id: users.id, name: users.name, avatarUploadId: users.avatarUploadId, deactivatedAt: users.deactivatedAt })
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
    const notifications = notificationsOf(row.kind, row.notificationLevel, row.ignoreMentions === 1);
    return {
      id: row.id,
      kind: row.kind,
      name: row.kind === 'direct' ? (peer?.name ?? 'Deleted user') : (row.name ?? 'Untitled room'),
      topic: row.topic,
      visibility: row.visibility,
      role: row.role,
      peer,
      lastMessage,
      unreadCount: notifications.level === 'nothing' ? 0 : row.unreadCount,
      mentionCount: notifications.level === 'nothing' && notifications.ignoreMentions ? 0 : row.mentionCount,
      notificationLevel: notifications.level,
      ignoreMentions: notifications.ignoreMentions,
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
    .where(and(eq(memberships.roomId, roomId), isNull(users.deactivatedAt)))
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
