import { randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { rooms, users, webhooks } from '@confab/db';
import { sameHash, sha256 } from '../auth/api-keys.js';
import { forbidden, notFound } from '../errors.js';
import { bodyInput, clientIdInput } from '../fields.js';
import { newId } from '../ids.js';
import { insertBotUser } from './bots.js';
import type { Services } from './index.js';
import type { MessageDto } from './message-dto.js';
import { sendMessage } from './messages.js';
import { isMember, type Membership } from './rooms/index.js';
import { toPublicUser, type PublicUser } from './users.js';

// Incoming webhooks (issue 11): POST PUBLIC_ORIGIN/hooks/<secret> posts into one room. Each
// webhook has a bot user of its own, named after it: its messages read "CI" rather than the
// name of whoever set it up, revoking one leaves the others alone, and a clientId is unique
// per author, so retries of one webhook post once without colliding with another's.

export interface WebhookDto {
  id: string;
  roomId: string;
  name: string;
  /** the bot its messages come from */
  bot: PublicUser;
  createdBy: PublicUser | null;
  createdAt: string;
  lastUsedAt: string | null;
}

const MAX_WEBHOOKS_PER_ROOM = 50;
const creators = alias(users, 'creator');
const hookUrl = (s: Services, secret: string) => `${s.team.publicOrigin}/hooks/${secret}`;

function webhookRows(s: Services, where: ReturnType<typeof and>) {
  return s.db
    .select({ webhook: webhooks, bot: users, creator: creators })
    .from(webhooks)
    .innerJoin(users, eq(users.id, webhooks.botUserId))
    .leftJoin(creators, eq(creators.id, webhooks.createdBy))
    .where(and(isNull(webhooks.revokedAt), where))
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id))
    .all();
}

const toDto = (row: ReturnType<typeof webhookRows>[number]): WebhookDto => ({
  id: row.webhook.id,
  roomId: row.webhook.roomId,
  name: row.webhook.name,
  bot: toPublicUser(row.bot),
  createdBy: row.creator ? toPublicUser(row.creator) : null,
  createdAt: row.webhook.createdAt.toISOString(),
  lastUsedAt: row.webhook.lastUsedAt?.toISOString() ?? null,
});

/** A webhook for a room the caller is a member of; the URL (the only credential) is shown only here. */
export function createWebhook(s: Services, callerId: string, membership: Membership, name: string): { url: string; webhook: WebhookDto } {
  const room = membership.room;
  if (room.archivedAt) throw forbidden('This room is archived: it takes no new messages, so it cannot have a webhook.');
  if (webhookRows(s, eq(webhooks.roomId, room.id)).length >= MAX_WEBHOOKS_PER_ROOM)
    throw forbidden(`This room has ${MAX_WEBHOOKS_PER_ROOM} webhooks already: revoke one it no longer uses first.`);
  const secret = randomBytes(32).toString('base64url');
  const id = newId();
  s.db.transaction((tx) => {
    const botUserId = insertBotUser(tx, name);
    tx.insert(webhooks)
      .values({ id, roomId: room.id, botUserId, name, secretHash: sha256(secret).toString('hex'), createdBy: callerId })
      .run();
  });
  const [webhook] = webhookRows(s, eq(webhooks.id, id)).map(toDto);
  if (!webhook) throw new Error('the new webhook was not stored');
  return { url: hookUrl(s, secret), webhook };
}

export const listWebhooks = (s: Services, roomId: string): WebhookDto[] => webhookRows(s, eq(webhooks.roomId, roomId)).map(toDto);

/** Any member of the webhook's room may revoke it; for anyone else it does not exist. */
export function revokeWebhook(s: Services, callerId: string, webhookId: string): WebhookDto {
  const [row] = webhookRows(s, eq(webhooks.id, webhookId));
  if (!row || !isMember(s.db, row.webhook.roomId, callerId))
    throw notFound('Webhook not found: it may have been revoked already (see webhook.list).');
  s.db.update(webhooks).set({ revokedAt: new Date() }).where(eq(webhooks.id, webhookId)).run();
  return toDto(row);
}

export type WebhookPost =
  | { outcome: 'posted'; message: MessageDto }
  | { outcome: 'unknown' }
  | { outcome: 'invalid'; message: string }
  | { outcome: 'rate-limited'; retryAfterSeconds: number };

const postInput = z.object({
  text: bodyInput.pipe(z.string().min(1, 'The message is empty: send some text, as the body or as {"text": "..."}.')),
  clientId: clientIdInput.optional(),
});

/**
 * Posts `text` as the webhook's bot, through the same send as `message.send` (events, fan-out,
 * clientId: a retry with the same clientId posts once). An unknown secret and a revoked one are
 * the same `unknown`, after the same work. The send's own refusals (a full disk, an archived
 * room, its rate limit) are thrown as its typed errors.
 */
export function postToWebhook(s: Services, secret: string, input: { text: unknown; clientId?: unknown }): WebhookPost {
  const hash = sha256(secret);
  const row = s.db
    .select({ webhook: webhooks, botName: users.name, room: rooms })
    .from(webhooks)
    .innerJoin(users, eq(users.id, webhooks.botUserId))
    .innerJoin(rooms, eq(rooms.id, webhooks.roomId))
    .where(and(eq(webhooks.secretHash, hash.toString('hex')), isNull(webhooks.revokedAt)))
    .get();
  if (!row || !sameHash(row.webhook.secretHash, hash)) return { outcome: 'unknown' };
  const limiter = s.limits.webhookPosts;
  if (!limiter.hit(row.webhook.id)) return { outcome: 'rate-limited', retryAfterSeconds: limiter.retryAfter(row.webhook.id) };
  const parsed = postInput.safeParse(input);
  if (!parsed.success) return { outcome: 'invalid', message: parsed.error.issues.map((issue) => issue.message).join(' ') };
  // The bot is not a member of the room: the webhook itself is the room's permission to post.
  const membership: Membership = { room: row.room, role: 'member', lastReadMessageId: 0 };
  const clientId = parsed.data.clientId ?? `hook-${randomUUID()}`;
  const message = sendMessage(s, { id: row.webhook.botUserId, name: row.botName }, membership, { body: parsed.data.text, clientId });
  s.db.update(webhooks).set({ lastUsedAt: new Date() }).where(eq(webhooks.id, row.webhook.id)).run();
  return { outcome: 'posted', message };
}
