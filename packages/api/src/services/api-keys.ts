import { and, desc, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '@confab/db';
import { apiKeyCredential, apiKeyIdOf } from '../auth/api-keys.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import type { Services } from './index.js';

// Personal API keys (issue 11): a person's own keys for their scripts, listed in the account
// dialog. A bot's key is managed through the bot (bot.rotateKey), never here.

/** What `apiKey.list` shows of a key: never the key, only its first characters. */
export interface ApiKeyDto {
  id: string;
  label: string;
  /** the key's first characters (`cfk_AbCd1234`), to tell keys apart */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** null: never expires */
  expiresAt: string | null;
  expired: boolean;
}

const MAX_KEYS_PER_PERSON = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

type ApiKeyRow = typeof apiKeys.$inferSelect;

function toApiKeyDto(row: ApiKeyRow, now = Date.now()): ApiKeyDto {
  return {
    id: row.id,
    label: row.label,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    expired: row.expiresAt !== null && row.expiresAt.getTime() <= now,
  };
}

interface Caller {
  id: string;
  kind: 'person' | 'bot';
  /** `Context.sessionId`: a session id, or `apikey:<id>` when the call came with a key */
  sessionId: string;
}

/** Keys are made with a password sign-in, by people: a key that could mint keys would outlive its own revocation. */
function assertMayManageKeys(caller: Caller, action: string): void {
  if (caller.kind === 'bot') throw forbidden(`A bot cannot ${action} API keys: its owner rotates its key with bot.rotateKey.`);
  if (apiKeyIdOf(caller.sessionId) !== null) throw forbidden(`An API key cannot ${action} API keys: sign in with your password to do that.`);
}

const liveKeysOf = (s: Services, userId: string) =>
  s.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt))
    .all();

export function createApiKey(
  s: Services,
  caller: Caller,
  input: { label: string; expiresInDays?: number | undefined },
): { apiKey: string; key: ApiKeyDto } {
  assertMayManageKeys(caller, 'create');
  if (liveKeysOf(s, caller.id).length >= MAX_KEYS_PER_PERSON)
    throw badRequest(`You have ${MAX_KEYS_PER_PERSON} API keys already: revoke one you no longer use first.`);
  const expiresAt = input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * DAY_MS);
  const issued = s.apiKeys.issue(s.db, caller.id, input.label, expiresAt);
  const row = s.db.select().from(apiKeys).where(eq(apiKeys.id, issued.keyId)).get();
  if (!row) throw new Error('the new API key was not stored');
  return { apiKey: issued.apiKey, key: toApiKeyDto(row) };
}

export function listApiKeys(s: Services, caller: Caller): ApiKeyDto[] {
  assertMayManageKeys(caller, 'list');
  return liveKeysOf(s, caller.id).map((row) => toApiKeyDto(row));
}

/** Revokes one of the caller's keys: it stops working at once, and its open sockets close. */
export function revokeApiKey(s: Services, caller: Caller, keyId: string): ApiKeyDto {
  assertMayManageKeys(caller, 'revoke');
  const row = s.db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, caller.id), isNull(apiKeys.revokedAt)))
    .returning()
    .get();
  if (!row) throw notFound('API key not found: it may have been revoked already (see apiKey.list).');
  s.connections.closeSession(apiKeyCredential(keyId), 'API key revoked');
  return toApiKeyDto(row);
}

/**
 * Revokes every live key of `userId` and closes those keys' sockets at once (their other sockets
 * stay): a bot being rotated or deleted, a person whose password changed or was reset, an account
 * deactivated. Revoked keys stay revoked: nothing brings one back.
 */
export function revokeAllKeysOf(s: Services, userId: string, reason = 'API key revoked'): number {
  const revoked = s.db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id })
    .all();
  for (const { id } of revoked) s.connections.closeSession(apiKeyCredential(id), reason);
  return revoked.length;
}
