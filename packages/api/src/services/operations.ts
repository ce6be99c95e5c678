import { users } from '@confab/db';
import { hashPassword } from '../auth/passwords.js';
import { nameInput } from '../fields.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { writeWithEvents } from '../events/log.js';
import { newId } from '../ids.js';
import { updateProfile } from './account.js';
import type { Services } from './index.js';
import { createInvite } from './invites.js';
import { createResetLink } from './password-reset.js';
import { adminUserById, adminUsers, deactivateUser, reactivateUser, setRole, type AdminUserDto } from './people.js';
import { hasAnyUser, writeTeam } from './team.js';
import { emitUserUpdatedToAdmins } from './user-events.js';
import { findUserByEmail } from './users.js';

/**
 * What whoever runs the machine may do without signing in (`confab admin create`, `confab users`,
 * ...): the same rules as the admin page (the last admin stays), addressed by e-mail. The CLI
 * calls these on DATA_DIR directly; a running server notices ended sessions within a second or two.
 */
export function teamOperations(s: Services) {
  function byEmail(email: string) {
    const user = findUserByEmail(s.db, email.trim().toLowerCase());
    if (!user) throw notFound(`No account with the e-mail ${email}.`);
    return user;
  }
  return {
    async createAdmin(input: { email: string; name: string; password: string }): Promise<AdminUserDto> {
      const email = input.email.trim().toLowerCase();
      if (findUserByEmail(s.db, email)) throw conflict(`An account with the e-mail ${email} already exists: use \`confab promote ${email}\`.`);
      const passwordHash = await hashPassword(input.password);
      const id = newId();
      writeWithEvents(s.db, s.bus, (tx, emit) => {
        const first = !hasAnyUser(tx);
        tx.insert(users).values({ id, email, name: input.name.trim(), passwordHash, role: 'admin' }).run();
        if (first) writeTeam(tx, {});
        else emitUserUpdatedToAdmins(tx, emit, id);
      });
      return adminUserById(s, id);
    },
    resetLink: (email: string) => createResetLink(s, byEmail(email).id),
    users: (): AdminUserDto[] => adminUsers(s),
    deactivate: (email: string) => deactivateUser(s, byEmail(email).id),
    reactivate: (email: string) => reactivateUser(s, byEmail(email).id),
    promote: (email: string) => setRole(s, byEmail(email).id, 'admin'),
    /** The name people see, cleaned as `user.updateProfile` cleans it; reaches everyone live, as a rename of one's own does. */
    async rename(email: string, name: string): Promise<AdminUserDto> {
      const parsed = nameInput.safeParse(name);
      if (!parsed.success) throw badRequest(parsed.error.issues[0]?.message ?? 'Give a name people can read.');
      const user = byEmail(email);
      await updateProfile(s, user.id, { name: parsed.data });
      return adminUserById(s, user.id);
    },
    invite: (input: { maxUses?: number | undefined; expiresInDays?: number | undefined }) => createInvite(s, { id: null, role: 'admin' }, input),
  };
}

export type TeamOperations = ReturnType<typeof teamOperations>;
