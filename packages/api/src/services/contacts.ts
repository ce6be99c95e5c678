import { and, asc, eq, isNull } from 'drizzle-orm';
import { contacts, users } from '@confab/db';
import { badRequest, conflict, notFound, tooManyRequests } from '../errors.js';
import type { Services } from './index.js';
import { findUserByEmail, toPublicUser, type PublicUser } from './users.js';

/** One of my contacts, with their presence (a contact may always see it). */
export interface ContactDto {
  user: PublicUser;
  email: string;
  online: boolean;
  lastSeenAt: string | null;
  addedAt: string;
}

export function listContacts(s: Services, ownerId: string): ContactDto[] {
  const rows = s.db
    .select({ id: users.id, name: users.name, email: users.email, avatarUploadId: users.avatarUploadId, addedAt: contacts.createdAt })
    .from(contacts)
    .innerJoin(users, eq(users.id, contacts.contactId))
    .where(and(eq(contacts.ownerId, ownerId), isNull(users.deactivatedAt)))
    .orderBy(asc(users.name))
    .all();
  const presence = new Map(s.presence.presenceOf(rows.map((row) => row.id)).map((p) => [p.userId, p]));
  return rows.map((row) => ({
    user: toPublicUser(row),
    email: row.email,
    online: presence.get(row.id)?.online ?? false,
    lastSeenAt: presence.get(row.id)?.lastSeenAt ?? null,
    addedAt: row.addedAt.toISOString(),
  }));
}

/**
 * Adds an active person of this server by e-mail. Rate-limited per user, and a missing, deactivated
 * or bot account all get the same answer, so the call is a slow way to learn who has an account.
 */
export function addContact(s: Services, ownerId: string, email: string): ContactDto {
  if (!s.limits.contactAddsPerUser.hit(ownerId)) throw tooManyRequests(s.limits.contactAddsPerUser, ownerId, 'contact look-ups');
  const found = findUserByEmail(s.db, email);
  const user = found && !found.deactivatedAt && found.kind === 'person' ? found : undefined;
  if (!user) throw notFound('Nobody on this team has that e-mail. Find people in the team directory, or invite them.');
  if (user.id === ownerId) throw badRequest('You cannot add yourself as a contact.');
  const inserted = s.db.insert(contacts).values({ ownerId, contactId: user.id }).onConflictDoNothing().run();
  if (inserted.changes === 0) throw conflict('This person is already in your contacts.');
  const contact = listContacts(s, ownerId).find((entry) => entry.user.id === user.id);
  if (!contact) throw new Error('contact missing right after insert');
  return contact;
}

export function removeContact(s: Services, ownerId: string, contactId: string): void {
  const removed = s.db
    .delete(contacts)
    .where(and(eq(contacts.ownerId, ownerId), eq(contacts.contactId, contactId)))
    .run();
  if (removed.changes === 0) throw notFound('That person is not in your contacts.');
}
