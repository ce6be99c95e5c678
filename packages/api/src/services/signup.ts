import { eq } from 'drizzle-orm';
import { rooms, users } from '@confab/db';
import { hashPassword } from '../auth/passwords.js';
import { signInGuardFor } from '../auth/sign-in-guard.js';
import { conflict, forbidden, tooManyRequests, unauthorized } from '../errors.js';
import { writeWithEvents } from '../events/log.js';
import { newId } from '../ids.js';
import type { Services } from './index.js';
import { consumeInviteTx, inviteRefused, peekInvite } from './invites.js';
import { addMembersTx, createGroup } from './rooms/index.js';
import { hasAnyUser, mayJoinWithoutInvite, readTeam, writeTeam, type TeamSettings } from './team.js';
import { emitUserUpdatedToAdmins } from './user-events.js';
import { findUserByEmail } from './users.js';

// Creating accounts (first run, invites, the sign-up mode) and signing in.

export interface SignupInput {
  email: string;
  name: string;
  password: string;
  inviteCode?: string | undefined;
}

const emailTaken = () => conflict('An account with this email already exists. Sign in instead.');

function signupClosed(settings: TeamSettings) {
  if (settings.signupMode === 'domain') {
    return forbidden(
      `Without an invite, only addresses at ${settings.signupDomains.join(', ')} can sign up here: use such an address, or ask someone on the team for an invite link.`,
    );
  }
  return forbidden('Sign-up on this server is by invitation: ask someone on the team for an invite link.');
}

/** Whether this sign-up may go ahead, as far as can be told before the transaction (which decides again). */
function precheck(s: Services, input: SignupInput): void {
  if (!hasAnyUser(s.db)) return;
  if (input.inviteCode) {
    const status = peekInvite(s, input.inviteCode);
    if (status !== 'active') throw inviteRefused(status);
    return;
  }
  const settings = readTeam(s);
  if (!mayJoinWithoutInvite(settings, input.email)) throw signupClosed(settings);
}

/**
 * Creates an account (rate-limited per address `ip`) and returns its id. The first account of a
 * server becomes its admin; after that, an account needs a live invite or a sign-up mode that lets
 * this address in. The decision, the invite's use and the insert are one transaction, so there is no
 * moment in which a second "first" account or the last use of an invite can be taken twice.
 */
export async function register(
  s: Services,
  ip: string,
  input: SignupInput,
  options: { teamName?: string } = {},
): Promise<{ userId: string; isFirst: boolean }> {
  if (!s.limits.registerPerIp.hit(ip)) throw tooManyRequests(s.limits.registerPerIp, ip, 'sign-ups from this address');
  if (findUserByEmail(s.db, input.email)) throw emailTaken();
  precheck(s, input);
  const passwordHash = await hashPassword(input.password);
  const userId = newId();
  const isFirst = writeWithEvents(s.db, s.bus, (tx, emit) => {
    const first = !hasAnyUser(tx);
    let roomIds: string[] = [];
    if (!first) {
      const settings = readTeam(s);
      if (input.inviteCode) {
        const used = consumeInviteTx(tx, input.inviteCode);
        if (!used) throw inviteRefused(peekInvite(s, input.inviteCode));
        roomIds = used.roomIds ?? settings.defaultRoomIds;
      } else {
        if (!mayJoinWithoutInvite(settings, input.email)) throw signupClosed(settings);
        roomIds = settings.defaultRoomIds;
      }
    }
    // The unique index settles a race between two sign-ups for the same address.
    const inserted = tx
      .insert(users)
      .values({ id: userId, email: input.email, name: input.name, passwordHash, role: first ? 'admin' : 'member' })
      .onConflictDoNothing()
      .run();
    if (inserted.changes === 0) throw emailTaken();
    if (first) writeTeam(tx, options.teamName ? { name: options.teamName } : {});
    // A newcomer shows up on the admins' people list at once (the first account has no one to tell).
    else emitUserUpdatedToAdmins(tx, emit, userId);
    for (const roomId of roomIds) {
      const room = tx.select().from(rooms).where(eq(rooms.id, roomId)).get();
      if (room && room.kind === 'group' && !room.archivedAt) addMembersTx(tx, emit, room, [userId], 'member');
    }
    return first;
  });
  return { userId, isFirst };
}

/**
 * First run: the team's name and its admin, on a server with no account yet. Also opens a public
 * "General" room that invites join by default, so the first people invited land somewhere.
 */
export async function setupTeam(s: Services, ip: string, input: SignupInput & { teamName: string }): Promise<string> {
  if (hasAnyUser(s.db)) throw conflict('This server is already set up: sign in, or ask an admin for an invite link.');
  const { userId, isFirst } = await register(s, ip, input, { teamName: input.teamName });
  if (!isFirst) throw new Error('unreachable: a set-up account that is not the first is refused inside register');
  const general = createGroup(s, userId, { name: 'General', topic: `Everyone at ${input.teamName}`, visibility: 'public' });
  writeTeam(s.db, { defaultRoomIds: [general.id] });
  return userId;
}

/**
 * The id of the account these credentials open; rate-limited per address and, for failures, per
 * account. A browser carrying the account's device mark is limited per device instead, never per
 * address or account: a flood of wrong passwords cannot block the owner's own device.
 */
export async function checkCredentials(s: Services, ip: string, email: string, password: string, deviceMark?: string | null): Promise<string> {
  const user = findUserByEmail(s.db, email);
  const device = user ? s.devices.deviceOf(deviceMark, user.id) : null;
  if (!device && !s.limits.loginPerIp.hit(ip)) throw tooManyRequests(s.limits.loginPerIp, ip, 'sign-in attempts from this address');
  // An unknown e-mail still costs one verify, so timing does not reveal who has an account. Failures
  // refuse per (account, address) and only slow an account down, so nobody can lock its owner out.
  const valid = await signInGuardFor(s.limits.loginPerAccount).verify(ip, email, user?.passwordHash ?? null, password, device);
  if (!user || !valid || user.kind !== 'person') throw unauthorized('Wrong email or password.');
  // Said only to someone who knows the password: it reveals nothing to a guesser.
  if (user.deactivatedAt) throw forbidden('This account has been deactivated. Ask an admin of this team if you need it back.');
  return user.id;
}
