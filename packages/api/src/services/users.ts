import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { users, type Db } from '@confab/db';
import { notFound } from '../errors.js';
import { oncePerDb } from '../prepared.js';
import { previewUrl } from './uploads.js';

/** What anyone who may see a user learns about them. */
export interface PublicUser {
  id: string;
  name: string;
  avatarUrl: string | null;
  /** present (true) only for a deactivated person: their messages stay, shown as "Name (deactivated)" */
  deactivated?: true;
  /** present only for a bot (issue 11): its messages get a "bot" badge; absent for a person */
  kind?: 'bot';
}

/** The signed-in user's own view of their account. */
export interface Me extends PublicUser {
  email: string;
  createdAt: string;
  /** an admin sees the admin page */
  role: 'admin' | 'member';
}

type UserRow = typeof users.$inferSelect;

export function toPublicUser(
  row: Pick<UserRow, 'id' | 'name' | 'avatarUploadId'> & { deactivatedAt?: Date | null; kind?: UserRow['kind'] },
): PublicUser {
  const user: PublicUser = { id: row.id, name: row.name, avatarUrl: row.avatarUploadId ? previewUrl(row.avatarUploadId) : null };
  if (row.deactivatedAt) user.deactivated = true;
  if (row.kind === 'bot') user.kind = 'bot';
  return user;
}

export function toMe(row: UserRow): Me {
  return { ...toPublicUser(row), email: row.email, createdAt: row.createdAt.toISOString(), role: row.role };
}

// Every request's context resolves its user, and every new message its author: prepared once.
const userById = oncePerDb((db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare(),
);
const publicUserById = oncePerDb((db) =>
  db
    .select({ id: users.id, name: users.name, avatarUploadId: users.avatarUploadId, deactivatedAt: users.deactivatedAt, kind: users.kind })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare(),
);

export function findUserById(db: Db, id: string): UserRow | undefined {
  return userById(db).get({ id });
}

export function findPublicUser(db: Db, id: string): PublicUser | undefined {
  const row = publicUserById(db).get({ id });
  return row ? toPublicUser(row) : undefined;
}

export function findUserByEmail(db: Db, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, email)).get();
}

/** Throws NOT_FOUND unless every id is an active person or bot of this server (a deactivated one counts as gone). */
export function assertUsersExist(db: Db, userIds: readonly string[]): void {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const found = db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, unique), isNull(users.deactivatedAt)))
    .all();
  if (found.length !== unique.length) throw notFound('User not found: check the user ids (only active people of this server can be added).');
}
