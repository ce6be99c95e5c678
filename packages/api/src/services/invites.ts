import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { invites, rooms, users } from '@confab/db';
import { forbidden, notFound } from '../errors.js';
import type { Tx } from '../events/log.js';
import { newId } from '../ids.js';
import type { Services } from './index.js';
import { isMember } from './rooms/index.js';
import { readTeam } from './team.js';
import { toPublicUser, type PublicUser } from './users.js';

// Invite links: PUBLIC_ORIGIN/join/<code>. The code is 256 random bits and only its SHA-256 is
// stored, so the database (or a backup of it) hands out no working link.

export type InviteStatus = 'active' | 'revoked' | 'expired' | 'used-up';

export interface InviteDto {
  /** names the invite in `invite.list` and `invite.revoke` (the code itself is shown only once) */
  id: string;
  createdBy: PublicUser | null;
  createdAt: string;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  revokedAt: string | null;
  status: InviteStatus;
  /** the rooms it joins on sign-up; null: the team's default rooms */
  roomIds: string[] | null;
}

/** What the join page shows before the form: whether the link still works, and whose team it is. */
export interface InviteCheck {
  status: InviteStatus | 'unknown';
  teamName: string;
  /** a sentence for the person holding the link */
  message: string;
}

type InviteRow = typeof invites.$inferSelect;

const hashCode = (code: string) => createHash('sha256').update(code.trim()).digest('hex');
const joinUrl = (s: Services, code: string) => `${s.team.publicOrigin}/join/${code}`;

function inviteStatus(row: Pick<InviteRow, 'revokedAt' | 'expiresAt' | 'maxUses' | 'uses'>, now = Date.now()): InviteStatus {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= now) return 'expired';
  if (row.maxUses !== null && row.uses >= row.maxUses) return 'used-up';
  return 'active';
}

const STATUS_MESSAGES: Record<InviteCheck['status'], string> = {
  active: 'This invite is valid: create your account below.',
  revoked: 'This invite link was revoked. Ask whoever sent it for a new one.',
  expired: 'This invite link has expired. Ask whoever sent it for a new one.',
  'used-up': 'This invite link has been used as many times as it allows. Ask whoever sent it for a new one.',
  unknown: 'This invite link is not valid: check that you copied all of it, or ask for a new one.',
};

/** The refusal `auth.register` gives for a code that cannot be used (FORBIDDEN, with the reason). */
export const inviteRefused = (status: InviteCheck['status']) => forbidden(STATUS_MESSAGES[status]);

function toDto(row: InviteRow, creator: PublicUser | null): InviteDto {
  return {
    id: row.id,
    createdBy: creator,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    maxUses: row.maxUses,
    uses: row.uses,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    status: inviteStatus(row),
    roomIds: row.roomIds,
  };
}

/** Who creates or looks at invites; `id` null is whoever runs the server (`confab invite`). */
export interface Inviter {
  id: string | null;
  role: 'admin' | 'member';
}

function assertMayInvite(s: Services, inviter: Inviter): void {
  if (inviter.role !== 'admin' && !readTeam(s).membersCanInvite) throw forbidden('Only an admin can create invites on this team.');
}

export function createInvite(
  s: Services,
  inviter: Inviter,
  input: { maxUses?: number | undefined; expiresInDays?: number | undefined; roomIds?: string[] | undefined },
): { code: string; url: string; invite: InviteDto } {
  assertMayInvite(s, inviter);
  const roomIds = input.roomIds ? [...new Set(input.roomIds)] : null;
  for (const roomId of roomIds ?? []) {
    const room = s.db.select({ kind: rooms.kind }).from(rooms).where(eq(rooms.id, roomId)).get();
    // A member may only invite into rooms they are in; an admin into any group.
    if (!room || room.kind !== 'group' || (inviter.role !== 'admin' && (!inviter.id || !isMember(s.db, roomId, inviter.id))))
      throw notFound(`Room not found: ${roomId} (an invite can name only group rooms you are in).`);
  }
  const code = randomBytes(32).toString('base64url');
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 24 * 60 * 60 * 1000) : null;
  const row = s.db
    .insert(invites)
    .values({ id: newId(), codeHash: hashCode(code), createdBy: inviter.id, expiresAt, maxUses: input.maxUses ?? null, roomIds })
    .returning()
    .get();
  const creator = inviter.id ? s.db.select().from(users).where(eq(users.id, inviter.id)).get() : undefined;
  return { code, url: joinUrl(s, code), invite: toDto(row, creator ? toPublicUser(creator) : null) };
}

/** An admin sees every invite; a member (when members may invite) their own. */
export function listInvites(s: Services, viewer: Inviter): InviteDto[] {
  const rows = s.db
    .select({ invite: invites, creator: users })
    .from(invites)
    .leftJoin(users, eq(users.id, invites.createdBy))
    .where(viewer.role === 'admin' ? undefined : eq(invites.createdBy, viewer.id ?? ''))
    .orderBy(desc(invites.createdAt))
    .limit(500)
    .all();
  return rows.map((row) => toDto(row.invite, row.creator ? toPublicUser(row.creator) : null));
}

/** Revokes by the code itself or by the id `invite.list` shows. */
export function revokeInvite(s: Services, viewer: Inviter, codeOrId: string): InviteDto {
  const row = s.db
    .select()
    .from(invites)
    .where(or(eq(invites.id, codeOrId), eq(invites.codeHash, hashCode(codeOrId))))
    .get();
  if (!row || (viewer.role !== 'admin' && row.createdBy !== viewer.id))
    throw notFound('Invite not found: pass the code from the link or the id from invite.list.');
  const updated = row.revokedAt ? row : (s.db.update(invites).set({ revokedAt: new Date() }).where(eq(invites.id, row.id)).returning().get() ?? row);
  const creator = row.createdBy ? s.db.select().from(users).where(eq(users.id, row.createdBy)).get() : undefined;
  return toDto(updated, creator ? toPublicUser(creator) : null);
}

export function checkInvite(s: Services, code: string): InviteCheck {
  const row = s.db
    .select()
    .from(invites)
    .where(eq(invites.codeHash, hashCode(code)))
    .get();
  const status = row ? inviteStatus(row) : 'unknown';
  return { status, teamName: readTeam(s).name, message: STATUS_MESSAGES[status] };
}

/** The status `code` has now (for a refusal's wording), without using it. */
export function peekInvite(s: Services, code: string): InviteCheck['status'] {
  return checkInvite(s, code).status;
}

/**
 * Uses one use of `code` inside the sign-up's transaction: one UPDATE that only matches a live
 * invite, so two sign-ups racing for the last use cannot both get it. Returns the rooms to join.
 */
export function consumeInviteTx(tx: Tx, code: string): { roomIds: string[] | null } | null {
  const now = new Date();
  const row = tx
    .update(invites)
    .set({ uses: sql`${invites.uses} + 1` })
    .where(
      and(
        eq(invites.codeHash, hashCode(code)),
        isNull(invites.revokedAt),
        or(isNull(invites.expiresAt), gt(invites.expiresAt, now)),
        or(isNull(invites.maxUses), lt(invites.uses, invites.maxUses)),
      ),
    )
    .returning({ roomIds: invites.roomIds })
    .get();
  return row ?? null;
}
