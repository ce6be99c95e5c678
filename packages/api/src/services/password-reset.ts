import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { passwordResets, users } from '@confab/db';
import { hashPassword } from '../auth/passwords.js';
import { badRequest, notFound, preconditionFailed, tooManyRequests } from '../errors.js';
import { revokeAllKeysOf } from './api-keys.js';
import type { Services } from './index.js';
import { readTeam } from './team.js';
import { findUserByEmail } from './users.js';

// Password reset without e-mail: an admin (or `confab reset-password`) makes a one-time link,
// valid 24 hours, single use, superseded by the next one; with SMTP, "Forgot password?" mails it.

const VALID_MS = 24 * 60 * 60 * 1000;
const hashToken = (token: string) => createHash('sha256').update(token.trim()).digest('hex');
const badLink = () =>
  badRequest('This password-reset link is not valid any more (used, expired or replaced by a newer one): ask an admin for a new one.');

/** A fresh reset link for `userId`; any earlier unused link of theirs stops working. */
export function createResetLink(s: Services, userId: string): { url: string; expiresAt: string } {
  const user = s.db.select({ id: users.id, kind: users.kind }).from(users).where(eq(users.id, userId)).get();
  if (!user) throw notFound('User not found: check the user id.');
  if (user.kind !== 'person') throw badRequest('A bot has no password to reset: rotate its API key instead.');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + VALID_MS);
  s.db.transaction((tx) => {
    tx.delete(passwordResets).where(eq(passwordResets.userId, userId)).run();
    tx.insert(passwordResets)
      .values({ tokenHash: hashToken(token), userId, expiresAt })
      .run();
  });
  return { url: `${s.team.publicOrigin}/reset/${token}`, expiresAt: expiresAt.toISOString() };
}

/**
 * Sets a new password through a reset link and ends every session and personal API key of the account. The link is
 * marked used in the same statement that checks it, so it works once.
 */
export async function resetPassword(s: Services, ip: string, token: string, password: string): Promise<void> {
  if (!s.limits.linkChecksPerIp.hit(ip)) throw tooManyRequests(s.limits.linkChecksPerIp, ip, 'link checks from this address');
  const tokenHash = hashToken(token);
  const live = s.db
    .select({ userId: passwordResets.userId })
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())))
    .get();
  if (!live) throw badLink();
  const passwordHash = await hashPassword(password);
  const claimed = s.db.transaction((tx) => {
    const used = tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())))
      .returning({ userId: passwordResets.userId })
      .get();
    if (!used) return null;
    tx.update(users).set({ passwordHash }).where(eq(users.id, used.userId)).run();
    return used.userId;
  });
  if (!claimed) throw badLink();
  for (const sessionId of s.sessions.revokeAllOf(claimed)) s.connections.closeSession(sessionId, 'password reset');
  revokeAllKeysOf(s, claimed, 'password reset');
}

/**
 * An admin's reset link, also mailed to the person when `email` is asked for and SMTP is set up.
 * `emailed` says whether it went out, so the admin page can say "sent" or show the link to copy.
 */
export async function adminResetLink(s: Services, userId: string, email: boolean): Promise<{ url: string; expiresAt: string; emailed: boolean }> {
  const link = createResetLink(s, userId);
  const sendMail = s.team.sendMail;
  const user = s.db.select({ email: users.email }).from(users).where(eq(users.id, userId)).get();
  if (!email || !sendMail || !user) return { ...link, emailed: false };
  const teamName = readTeam(s).name;
  try {
    await sendMail({
      to: user.email,
      subject: `Choose a new ${teamName} password`,
      text: `An admin of ${teamName} made you a link to choose a new password for your account (${user.email}).\n\nOpen it within 24 hours:\n${link.url}\n`,
    });
    return { ...link, emailed: true };
  } catch {
    // The host logged why; the admin still has the link to hand over.
    return { ...link, emailed: false };
  }
}

/**
 * "Forgot password?": mails a link when SMTP is configured. The answer is the same whether or not
 * the address has an account, and the mail goes out after answering, so timing says nothing either.
 */
export function requestReset(s: Services, ip: string, email: string): { ok: true } {
  const sendMail = s.team.sendMail;
  if (!sendMail) throw preconditionFailed('This server cannot send e-mail: ask an admin of your team for a password-reset link.');
  if (!s.limits.resetRequests.hit(`ip:${ip}`)) throw tooManyRequests(s.limits.resetRequests, `ip:${ip}`, 'password-reset requests from this address');
  const user = findUserByEmail(s.db, email);
  if (!user || user.deactivatedAt || user.kind !== 'person' || !s.limits.resetRequests.hit(`user:${user.id}`)) return { ok: true };
  const { url } = createResetLink(s, user.id);
  const teamName = readTeam(s).name;
  setImmediate(() => {
    sendMail({
      to: user.email,
      subject: `Reset your ${teamName} password`,
      text: `Someone asked to reset the password of your ${teamName} account (${user.email}).\n\nTo choose a new password, open this link within 24 hours:\n${url}\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n`,
    }).catch(() => {
      // The host logs delivery failures; the person asking learns nothing either way.
    });
  });
  return { ok: true };
}
