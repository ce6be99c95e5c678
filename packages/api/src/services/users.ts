import { eq, inArray, sql } from 'drizzle-orm';
import { users, type Db } from '@confab/db';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { conflict, notFound, tooManyRequests, unauthorized } from '../errors.js';
import { newId } from '../ids.js';
import { oncePerDb } from '../prepared.js';
import type { Services } from './index.js';
import { previewUrl } from './uploads.js';

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

export function toPublicUser(row: Pick<UserRow, 'id' | 'name' | 'avatarUploadId'>): PublicUser {
  return { id: row.id, name: row.name, avatarUrl: row.avatarUploadId ? previewUrl(row.avatarUploadId) : null };
}

export function toMe(row: UserRow): Me {
  return { ...toPublicUser(row), email: row.email, createdAt: row.createdAt.toISOString() };
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
    .select({ id: users.id, name: users.name, avatarUploadId: users.avatarUploadId })
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

export function assertUsersExist(db: Db, userIds: readonly string[]): void {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const found = db.select({ id: users.id }).from(users).where(inArray(users.id, unique)).all();
  if (found.length !== unique.length) throw notFound('User not found: check the user ids.');
}

const emailTaken = () => conflict('An account with this email already exists. Sign in instead.');

/** Creates an account (rate-limited per address `ip`) and returns its id. */
export async function register(s: Services, ip: string, input: { email: string; name: string; password: string }): Promise<string> {
  if (!s.limits.registerPerIp.hit(ip)) throw tooManyRequests(s.limits.registerPerIp, ip, 'sign-ups from this address');
  if (findUserByEmail(s.db, input.email)) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  // The unique index settles a race between two sign-ups for the same address.
  const inserted = s.db.insert(users).values({ id, email: input.email, name: input.name, passwordHash }).onConflictDoNothing().run();
  if (inserted.changes === 0) throw emailTaken();
  return id;
}

/** The id of the account these credentials open; rate-limited per address and, for failures, per account. */
export async function checkCredentials(s: Services, ip: string, email: string, password: string): Promise<string> {
  if (!s.limits.loginPerIp.hit(ip)) throw tooManyRequests(s.limits.loginPerIp, ip, 'sign-in attempts from this address');
  const perAccount = s.limits.loginPerAccount;
  if (!perAccount.hit(email)) throw tooManyRequests(perAccount, email, 'failed sign-ins for this account');
  const user = findUserByEmail(s.db, email);
  // An unknown e-mail still costs one verify, so timing does not reveal who has an account.
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid) throw unauthorized('Wrong email or password.');
  perAccount.reset(email);
  return user.id;
}

export function updateProfile(s: Services, userId: string, input: { name?: string | undefined; avatarUploadId?: string | null | undefined }): Me {
  if (input.avatarUploadId) s.uploads.assertAvatar(userId, input.avatarUploadId);
  const changes: Partial<typeof users.$inferInsert> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.avatarUploadId !== undefined) changes.avatarUploadId = input.avatarUploadId;
  if (Object.keys(changes).length > 0) s.db.update(users).set(changes).where(eq(users.id, userId)).run();
  const user = findUserById(s.db, userId);
  if (!user) throw notFound('Your account no longer exists.');
  return toMe(user);
}
