import { and, eq, sql } from 'drizzle-orm';
import { memberships, rooms, type Db } from '@confab/db';
import { roomNotFound } from '../../errors.js';
import { oncePerDb } from '../../prepared.js';
import type { RoomRole } from '../room-dto.js';

// The scoping core: every room is looked up through the caller's membership, so a room you are
// not in and a room that does not exist are the same NOT_FOUND.

export type RoomRow = typeof rooms.$inferSelect;
export interface Membership {
  room: RoomRow;
  role: RoomRole;
  lastReadMessageId: number;
}

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

export const isMember = (db: Db, roomId: string, userId: string) => membershipExists(db).get({ roomId, userId }) !== undefined;

const membersQuery = oncePerDb((db) =>
  db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.roomId, sql.placeholder('roomId')))
    .prepare(),
);

/** the ids of everyone in `roomId` (for an audience: who may see something that happens in it) */
export const membersOf = (db: Db, roomId: string): string[] =>
  membersQuery(db)
    .all({ roomId })
    .map((row) => row.userId);
