import { and, desc, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import { sessions, type Db } from '@confab/db';
import { newId } from '../ids.js';
import { signToken, verifyToken } from './tokens.js';

/** Where a session was started from: shown in "signed-in sessions". */
interface SessionOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

interface SessionRow {
  id: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionStore {
  /** creates a session row and returns the signed token that names it */
  start(userId: string, origin?: SessionOrigin): { sessionId: string; token: string; expiresAt: Date };
  /** the user and session a token names, if the token is valid and the session live */
  resolve(token: string): { userId: string; sessionId: string } | null;
  isLive(sessionId: string): boolean;
  revoke(sessionId: string): void;
  /** ends every live session of `userId` but `exceptSessionId`; returns the ended ids */
  revokeAllOf(userId: string, exceptSessionId?: string): string[];
  /** `userId`'s live sessions, most recently used first */
  liveOf(userId: string): SessionRow[];
  /** of `sessionIds`, the ones no longer live (revoked, expired or gone) */
  deadAmong(sessionIds: readonly string[]): string[];
  /** records a use of the session, at most once a minute per session (one write, not one per request) */
  touch(sessionId: string): void;
}

const TOUCH_EVERY_MS = 60_000;

export function createSessionStore(db: Db, secret: string, ttlSeconds: number): SessionStore {
  const liveSession = db
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.id, sql.placeholder('sid')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare();
  const lastTouched = new Map<string, number>();

  function lookup(sessionId: string): string | null {
    const row = liveSession.get({ sid: sessionId, now: Date.now() });
    return row?.userId ?? null;
  }
  const isLiveCondition = () => and(isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date()));

  return {
    start(userId, origin = {}) {
      const sessionId = newId();
      const now = new Date();
      const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
      db.insert(sessions)
        .values({ id: sessionId, userId, expiresAt, lastUsedAt: now, ip: origin.ip ?? null, userAgent: origin.userAgent?.slice(0, 300) ?? null })
        .run();
      return { sessionId, token: signToken(secret, { sub: userId, sid: sessionId }, ttlSeconds), expiresAt };
    },
    resolve(token) {
      const claims = verifyToken(secret, token);
      if (!claims) return null;
      const userId = lookup(claims.sid);
      return userId === claims.sub ? { userId, sessionId: claims.sid } : null;
    },
    isLive: (sessionId) => lookup(sessionId) !== null,
    revoke(sessionId) {
      db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId)).run();
    },
    revokeAllOf(userId, exceptSessionId) {
      const condition = exceptSessionId
        ? and(eq(sessions.userId, userId), isNull(sessions.revokedAt), ne(sessions.id, exceptSessionId))
        : and(eq(sessions.userId, userId), isNull(sessions.revokedAt));
      return db
        .update(sessions)
        .set({ revokedAt: new Date() })
        .where(condition)
        .returning({ id: sessions.id })
        .all()
        .map((row) => row.id);
    },
    liveOf(userId) {
      return db
        .select({ id: sessions.id, createdAt: sessions.createdAt, lastUsedAt: sessions.lastUsedAt, ip: sessions.ip, userAgent: sessions.userAgent })
        .from(sessions)
        .where(and(eq(sessions.userId, userId), isLiveCondition()))
        .orderBy(desc(sql`coalesce(${sessions.lastUsedAt}, ${sessions.createdAt})`))
        .limit(200)
        .all();
    },
    deadAmong(sessionIds) {
      if (sessionIds.length === 0) return [];
      const live = new Set<string>();
      for (let i = 0; i < sessionIds.length; i += 500) {
        const chunk = sessionIds.slice(i, i + 500);
        for (const row of db
          .select({ id: sessions.id })
          .from(sessions)
          .where(and(inArray(sessions.id, chunk), isLiveCondition()))
          .all())
          live.add(row.id);
      }
      return sessionIds.filter((id) => !live.has(id));
    },
    touch(sessionId) {
      const now = Date.now();
      if (now - (lastTouched.get(sessionId) ?? 0) < TOUCH_EVERY_MS) return;
      if (lastTouched.size > 10_000) lastTouched.clear();
      lastTouched.set(sessionId, now);
      db.update(sessions)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(sessions.id, sessionId))
        .run();
    },
  };
}
