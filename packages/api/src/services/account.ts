import { eq } from 'drizzle-orm';
import { users } from '@confab/db';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import { writeWithEvents } from '../events/log.js';
import type { Services } from './index.js';
import { revokeAllKeysOf } from './api-keys.js';
import { deactivateUser } from './people.js';
import { emitUserUpdated } from './user-events.js';
import { findUserByEmail, findUserById, toMe, type Me } from './users.js';

// What a person looks after themselves ("Your account"): profile, e-mail, password, sessions,
// deactivating their own account.

/** A signed-in session as "Your account" lists it. */
export interface SessionDto {
  id: string;
  /** the session this request came with */
  current: boolean;
  /** a short description of the browser or program, from its User-Agent */
  device: string;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

function requireMe(s: Services, userId: string) {
  const user = findUserById(s.db, userId);
  if (!user) throw notFound('Your account no longer exists.');
  return user;
}

async function assertPassword(s: Services, userId: string, password: string | undefined, what: string): Promise<void> {
  if (!password) throw badRequest(`Enter your current password to ${what}.`);
  const user = requireMe(s, userId);
  // FORBIDDEN, not UNAUTHORIZED: the caller is signed in, and clients take UNAUTHORIZED to mean "your session ended".
  if (!(await verifyPassword(user.passwordHash, password))) throw forbidden('That is not your current password.');
}

export async function updateProfile(
  s: Services,
  userId: string,
  input: { name?: string | undefined; avatarUploadId?: string | null | undefined; email?: string | undefined; password?: string | undefined },
): Promise<Me> {
  if (input.avatarUploadId) s.uploads.assertAvatar(userId, input.avatarUploadId);
  const changes: Partial<typeof users.$inferInsert> = {};
  const current = requireMe(s, userId);
  if (input.email !== undefined && input.email !== current.email) {
    await assertPassword(s, userId, input.password, 'change your e-mail');
    if (findUserByEmail(s.db, input.email)) throw conflict('Another account already uses that e-mail.');
    changes.email = input.email;
  }
  if (input.name !== undefined) changes.name = input.name;
  if (input.avatarUploadId !== undefined) changes.avatarUploadId = input.avatarUploadId;
  if (Object.keys(changes).length > 0) {
    try {
      writeWithEvents(s.db, s.bus, (tx, emit) => {
        tx.update(users).set(changes).where(eq(users.id, userId)).run();
        if (changes.name !== undefined || changes.avatarUploadId !== undefined) emitUserUpdated(tx, emit, userId);
      });
    } catch (error) {
      // The unique index settles a race for the same new address.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw conflict('Another account already uses that e-mail.');
      throw error;
    }
  }
  return toMe(requireMe(s, userId));
}

/**
 * Changes the password and ends every other session and every personal API key (their sockets
 * too): a password changed because it leaked must also cut off the keys made with it. This session
 * stays signed in.
 */
export async function changePassword(
  s: Services,
  userId: string,
  sessionId: string,
  currentPassword: string,
  newPassword: string,
): Promise<{ endedSessions: number; revokedKeys: number }> {
  await assertPassword(s, userId, currentPassword, 'change your password');
  if (currentPassword === newPassword) throw badRequest('The new password is the same as the current one: choose a different one.');
  const passwordHash = await hashPassword(newPassword);
  s.db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
  const ended = s.sessions.revokeAllOf(userId, sessionId);
  for (const id of ended) s.connections.closeSession(id, 'password changed');
  const revokedKeys = revokeAllKeysOf(s, userId, 'password changed');
  return { endedSessions: ended.length, revokedKeys };
}

export function listSessions(s: Services, userId: string, currentSessionId: string): SessionDto[] {
  return s.sessions.liveOf(userId).map((row) => ({
    id: row.id,
    current: row.id === currentSessionId,
    device: describeDevice(row.userAgent),
    ip: row.ip,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}

export function revokeSession(s: Services, userId: string, sessionId: string): void {
  if (!s.sessions.liveOf(userId).some((row) => row.id === sessionId)) throw notFound('Session not found: it may have ended already.');
  s.sessions.revoke(sessionId);
  s.connections.closeSession(sessionId, 'session ended');
}

/** Deactivating your own account needs your password; the last admin cannot. */
export async function deactivateSelf(s: Services, userId: string, password: string): Promise<void> {
  await assertPassword(s, userId, password, 'deactivate your account');
  deactivateUser(s, userId);
}

/** "Firefox on Linux", "Chrome on macOS", "a program (node)": enough to recognise a session, not a fingerprint. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\/|Chromium\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (browser) return system ? `${browser} on ${system}` : browser;
  const program = /^([\w.-]+)/.exec(userAgent)?.[1];
  return program ? `A program (${program.slice(0, 40)})` : 'Unknown device';
}
