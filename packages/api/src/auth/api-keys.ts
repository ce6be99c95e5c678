import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { apiKeys, users, type Db } from '@confab/db';
import type { Tx } from '../events/log.js';
import { newId } from '../ids.js';
import { oncePerDb } from '../prepared.js';

// API keys (issue 11) authenticate like session tokens. A key is `cfk_` and 256 random bits; only
// its SHA-256 is stored (a slow hash adds nothing to a key nobody can guess), so the database, or
// a backup of it, hands out no working key. The `cfk_` prefix tells a key from a session JWT.

const KEY_PREFIX = 'cfk_';
/** how much of a key `apiKey.list` shows, so people can tell their keys apart */
const SHOWN_CHARACTERS = KEY_PREFIX.length + 8;
/** what stands for a key in `Context.sessionId`, the connection registry and the session watch */
const CREDENTIAL_PREFIX = 'apikey:';
const TOUCH_EVERY_MS = 60_000;

const looksLikeApiKey = (token: string) => token.startsWith(KEY_PREFIX);
export const apiKeyCredential = (keyId: string) => `${CREDENTIAL_PREFIX}${keyId}`;
/** the key id a credential id names, or null for a session */
export const apiKeyIdOf = (credentialId: string) =>
  credentialId.startsWith(CREDENTIAL_PREFIX) ? credentialId.slice(CREDENTIAL_PREFIX.length) : null;

export const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** the stored hash equals `hash`, compared in constant time */
export function sameHash(storedHex: string, hash: Buffer): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  return stored.length === hash.length && timingSafeEqual(stored, hash);
}

interface IssuedKey {
  keyId: string;
  /** the key itself: shown once, never stored */
  apiKey: string;
  prefix: string;
}

export interface ApiKeyStore {
  /** makes a key for `userId` (inside the caller's transaction when given one) */
  issue(db: Db | Tx, userId: string, label: string, expiresAt: Date | null): IssuedKey;
  /** the user and key a token names, if it is a live key */
  resolve(token: string): { userId: string; keyId: string } | null;
  isLive(keyId: string): boolean;
  /** records a use, at most once a minute per key */
  touch(keyId: string): void;
  /** of `keyIds`, the ones no longer live (revoked, expired or gone) */
  deadAmong(keyIds: readonly string[]): string[];
}

const statements = oncePerDb((db) => ({
  byHash: db
    .select({ id: apiKeys.id, userId: apiKeys.userId, keyHash: apiKeys.keyHash, expiresAt: apiKeys.expiresAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sql.placeholder('hash')), isNull(apiKeys.revokedAt)))
    .prepare(),
  // A deactivated owner's keys count as dead (deactivation from the CLI revokes sessions, not keys).
  byId: db
    .select({ expiresAt: apiKeys.expiresAt })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.id, sql.placeholder('id')), isNull(apiKeys.revokedAt), isNull(users.deactivatedAt)))
    .prepare(),
}));

const unexpired = (expiresAt: Date | null, now = Date.now()) => expiresAt === null || expiresAt.getTime() > now;

export function createApiKeyStore(db: Db): ApiKeyStore {
  const lastTouched = new Map<string, number>();
  const isLive = (keyId: string) => {
    const row = statements(db).byId.get({ id: keyId });
    return row !== undefined && unexpired(row.expiresAt);
  };
  return {
    issue(target, userId, label, expiresAt) {
      const apiKey = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const keyId = newId();
      const prefix = apiKey.slice(0, SHOWN_CHARACTERS);
      target
        .insert(apiKeys)
        .values({ id: keyId, userId, keyHash: sha256(apiKey).toString('hex'), prefix, label, expiresAt })
        .run();
      return { keyId, apiKey, prefix };
    },
    resolve(token) {
      if (!looksLikeApiKey(token) || token.length > 200) return null;
      const hash = sha256(token);
      const row = statements(db).byHash.get({ hash: hash.toString('hex') });
      if (!row || !sameHash(row.keyHash, hash) || !unexpired(row.expiresAt)) return null;
      return { userId: row.userId, keyId: row.id };
    },
    isLive,
    touch(keyId) {
      const now = Date.now();
      if (now - (lastTouched.get(keyId) ?? 0) < TOUCH_EVERY_MS) return;
      if (lastTouched.size > 10_000) lastTouched.clear();
      lastTouched.set(keyId, now);
      db.update(apiKeys)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(apiKeys.id, keyId))
        .run();
    },
    deadAmong(keyIds) {
      if (keyIds.length === 0) return [];
      const live = new Set<string>();
      for (let i = 0; i < keyIds.length; i += 500) {
        const rows = db
          .select({ id: apiKeys.id, expiresAt: apiKeys.expiresAt })
          .from(apiKeys)
          .innerJoin(users, eq(users.id, apiKeys.userId))
          .where(and(inArray(apiKeys.id, keyIds.slice(i, i + 500)), isNull(apiKeys.revokedAt), isNull(users.deactivatedAt)))
          .all();
        for (const row of rows) if (unexpired(row.expiresAt)) live.add(row.id);
      }
      return keyIds.filter((id) => !live.has(id));
    },
  };
}
