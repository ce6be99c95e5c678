import { and, count, eq, isNull } from 'drizzle-orm';
import { team, users, type Db } from '@confab/db';
import type { SignupMode } from '../config.js';
import { badRequest } from '../errors.js';
import type { Tx } from '../events/log.js';
import type { Services } from './index.js';

// The team's own settings (one row) and the sign-up policy they make.

export interface TeamSettings {
  name: string;
  signupMode: SignupMode;
  signupDomains: string[];
  membersCanInvite: boolean;
  /** whether members (not only admins) may create bots (issue 11) */
  membersCanCreateBots: boolean;
  defaultRoomIds: string[];
  /** an upgraded server kept `open` sign-up and no admin has chosen since: suggest `invite` */
  signupModeInherited: boolean;
}

/** What anyone, signed in or not, may know before signing in: the sign-in and setup pages need it. */
export interface TeamInfo {
  name: string;
  /** no account exists yet: the first page is "Set up Confab" */
  needsSetup: boolean;
  signupMode: SignupMode;
  /** "Forgot password?" mails a link (SMTP is configured); otherwise ask an admin */
  passwordResetByEmail: boolean;
}

const DEFAULT_TEAM_NAME = 'Confab';

export function readTeam(s: Pick<Services, 'db' | 'team'>): TeamSettings {
  const row = s.db.select().from(team).where(eq(team.id, 1)).get();
  return {
    name: row?.name ?? DEFAULT_TEAM_NAME,
    signupMode: row?.signupMode ?? s.team.defaultSignupMode,
    signupDomains: row?.signupDomains ?? [],
    membersCanInvite: row?.membersCanInvite ?? false,
    membersCanCreateBots: row?.membersCanCreateBots ?? false,
    defaultRoomIds: row?.defaultRoomIds ?? [],
    signupModeInherited: row?.signupModeInherited ?? false,
  };
}

/** Writes the settings row (creating it on first run). */
export function writeTeam(db: Db | Tx, changes: Partial<Omit<typeof team.$inferInsert, 'id'>>): void {
  db.insert(team)
    .values({ id: 1, ...changes })
    .onConflictDoUpdate({ target: team.id, set: { ...changes, updatedAt: new Date() } })
    .run();
}

export function hasAnyUser(db: Db | Tx): boolean {
  return db.select({ id: users.id }).from(users).limit(1).get() !== undefined;
}

export function activeAdminCount(db: Db | Tx): number {
  return (
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.deactivatedAt)))
      .get()?.n ?? 0
  );
}

export function teamInfo(s: Services): TeamInfo {
  const settings = readTeam(s);
  return {
    name: settings.name,
    needsSetup: !hasAnyUser(s.db),
    signupMode: settings.signupMode,
    passwordResetByEmail: s.team.sendMail !== undefined,
  };
}

/** Whether `email` may sign up without an invite under `settings`. */
export function mayJoinWithoutInvite(settings: TeamSettings, email: string): boolean {
  if (settings.signupMode === 'open') return true;
  if (settings.signupMode === 'invite') return false;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return settings.signupDomains.includes(domain);
}

export function updateTeamSettings(
  s: Services,
  changes: {
    name?: string | undefined;
    membersCanInvite?: boolean | undefined;
    membersCanCreateBots?: boolean | undefined;
    defaultRoomIds?: string[] | undefined;
  },
): TeamSettings {
  const set: Partial<Omit<typeof team.$inferInsert, 'id'>> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.membersCanInvite !== undefined) set.membersCanInvite = changes.membersCanInvite;
  if (changes.membersCanCreateBots !== undefined) set.membersCanCreateBots = changes.membersCanCreateBots;
  if (changes.defaultRoomIds !== undefined) set.defaultRoomIds = [...new Set(changes.defaultRoomIds)];
  if (Object.keys(set).length > 0) writeTeam(s.db, set);
  return readTeam(s);
}

export function setRegistration(s: Services, mode: SignupMode, domains: readonly string[] | undefined): TeamSettings {
  const current = readTeam(s);
  const signupDomains = domains ? [...new Set(domains)] : current.signupDomains;
  // Refused rather than saved: a domain mode with no domain would silently be invite-only.
  if (mode === 'domain' && signupDomains.length === 0) throw badRequest('Domain sign-up needs at least one domain, like example.com.');
  writeTeam(s.db, { signupMode: mode, signupDomains, signupModeInherited: false });
  return readTeam(s);
}
