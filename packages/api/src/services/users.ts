import { eq, sql } from 'drizzle-orm';
import { users, type Db } from '@confab/db';
import { oncePerDb } from '../prepared.js';

/** What anyone who may see a user learns about them. */
export interface PublicUser {
  id: string;
  name: string;
  avatarUrl: string | null;
}

/** The signed-in user's own view of their account. */
export interface Me extends PublicUser {
  email: string;
  createdAt: string;
}

type UserRow = typeof users.$inferSelect;

export function avatarUrl(avatarUploadId: string | null): string | null {
  return avatarUploadId ? `/uploads/${avatarUploadId}/preview` : null;
}

export function toPublicUser(row: Pick<UserRow, 'id' | 'name' | 'avatarUploadId'>): PublicUser {
  return { id: row.id, name: row.name, avatarUrl: avatarUrl(row.avatarUploadId) };
}

export function toMe(row: UserRow): Me {
  return { ...toPublicUser(row), email: row.email, createdAt: row.createdAt.toISOString() };
}

// Every request's context resolves its user, and every new message its author: prepared once.
const userById = oncePerDb((db) => db.select().from(users).where(eq(users.id, sql.placeholder('id'))).prepare());
const publicUserById = oncePerDb((db) =>
  db.select({ id: users.id, name: users.name, avatarUploadId: users.avatarUploadId }).from(users).where(eq(users.id, sql.placeholder('id'))).prepare(),
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
