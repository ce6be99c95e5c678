import { and, asc, eq, isNull, like, or, sql } from 'drizzle-orm';
import { users } from '@confab/db';
import { badRequest, conflict, notFound } from '../errors.js';
import { writeWithEvents } from '../events/log.js';
import { revokeAllKeysOf } from './api-keys.js';
import type { Services } from './index.js';
import { activeAdminCount } from './team.js';
import { emitUserUpdated, emitUserUpdatedToAdmins } from './user-events.js';
import { toPublicUser, type PublicUser } from './users.js';

// People as the team sees them: the directory, and the admin's changes to an account
// (role, deactivation). There is always at least one active admin.

export type AccountStatus = 'active' | 'deactivated';

/** A row of the admin page's people list. */
export interface AdminUserDto {
  user: PublicUser;
  email: string;
  role: 'admin' | 'member';
  kind: 'person' | 'bot';
  status: AccountStatus;
  createdAt: string;
  lastSeenAt: string | null;
  online: boolean;
}

/** An entry of the team directory (`user.directory`): every active person of this server. */
export interface DirectoryEntry {
  user: PublicUser;
  email: string;
  online: boolean;
}

const lastAdmin = () => conflict('This is the last active admin: make someone else an admin first.');

function escapeLike(query: string): string {
  return query.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function matching(query: string | undefined) {
  const q = query?.trim();
  if (!q) return undefined;
  const pattern = `%${escapeLike(q.toLowerCase())}%`;
  return or(like(sql`lower(${users.name})`, sql`${pattern} ESCAPE '\\'`), like(users.email, sql`${pattern} ESCAPE '\\'`));
}

export function directory(s: Services, viewerId: string, query?: string): DirectoryEntry[] {
  const rows = s.db
    .select()
    .from(users)
    // A webhook's bot (issue 11) only posts into its room: nobody DMs or adds it.
    .where(
      and(
        isNull(users.deactivatedAt),
        sql`${users.id} != ${viewerId}`,
        sql`NOT EXISTS (SELECT 1 FROM webhook WHERE webhook.bot_user_id = ${users.id})`,
        matching(query),
      ),
    )
    .orderBy(asc(sql`lower(${users.name})`))
    .limit(200)
    .all();
  return rows.map((row) => ({ user: toPublicUser(row), email: row.email, online: s.connections.isOnline(row.id) }));
}

export function adminUsers(s: Services, query?: string): AdminUserDto[] {
  const rows = s.db
    .select()
    .from(users)
    .where(matching(query))
    .orderBy(asc(sql`${users.deactivatedAt} IS NOT NULL`), asc(sql`lower(${users.name})`))
    .limit(1000)
    .all();
  return rows.map((row) => toAdminUser(s, row));
}

function toAdminUser(s: Services, row: typeof users.$inferSelect): AdminUserDto {
  return {
    user: toPublicUser(row),
    email: row.email,
    role: row.role,
    kind: row.kind,
    status: row.deactivatedAt ? 'deactivated' : 'active',
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    online: s.connections.isOnline(row.id),
  };
}

function requireUser(s: Services, userId: string) {
  const row = s.db.select().from(users).where(eq(users.id, userId)).get();
  if (!row) throw notFound('User not found: check the user id.');
  return row;
}

export function setRole(s: Services, userId: string, role: 'admin' | 'member'): AdminUserDto {
  const row = requireUser(s, userId);
  if (role === 'admin' && row.deactivatedAt) throw badRequest('Reactivate this person before making them an admin.');
  if (row.role === role) return adminUserById(s, userId);
  writeWithEvents(s.db, s.bus, (tx, emit) => {
    tx.update(users).set({ role }).where(eq(users.id, userId)).run();
    // Checked after the change, inside the transaction: two admins demoting each other cannot both win.
    if (activeAdminCount(tx) === 0) throw lastAdmin();
    // The admins' people lists and the person's own admin link follow; members see no roles.
    emitUserUpdatedToAdmins(tx, emit, userId);
  });
  return adminUserById(s, userId);
}

/**
 * Deactivates an account: no sign-in, every session and API key ended, every socket closed at once;
 * they leave member lists and suggestions, their messages stay. The last active admin cannot be
 * deactivated. Reactivating does not bring the keys back: a key that worked again silently, months
 * later, is a key nobody remembers to watch; the person makes new ones.
 */
export function deactivateUser(s: Services, userId: string): AdminUserDto {
  const row = requireUser(s, userId);
  if (!row.deactivatedAt) {
    writeWithEvents(s.db, s.bus, (tx, emit) => {
      tx.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, userId)).run();
      if (activeAdminCount(tx) === 0) throw lastAdmin();
      emitUserUpdated(tx, emit, userId);
    });
  }
  s.sessions.revokeAllOf(userId);
  revokeAllKeysOf(s, userId, 'account deactivated');
  s.connections.closeUser(userId, 'account deactivated');
  return adminUserById(s, userId);
}

export function reactivateUser(s: Services, userId: string): AdminUserDto {
  const row = requireUser(s, userId);
  if (row.deactivatedAt) {
    writeWithEvents(s.db, s.bus, (tx, emit) => {
      tx.update(users).set({ deactivatedAt: null }).where(eq(users.id, userId)).run();
      emitUserUpdated(tx, emit, userId);
    });
  }
  return adminUserById(s, userId);
}

export const adminUserById = (s: Services, userId: string): AdminUserDto => toAdminUser(s, requireUser(s, userId));
