import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { sessions, type Db } from '@confab/db';
import { newId } from '../ids.js';
import { signToken, verifyToken } from './tokens.js';

export interface SessionStore {
  /** creates a session row and returns the signed token that names it */
  start(userId: string): { sessionId: string; token: string; expiresAt: Date };
  /** the user and session a token names, if the token is valid and the session live */
  resolve(token: string): { userId: string; sessionId: string } | null;
  isLive(sessionId: string): boolean;
  revoke(sessionId: string): void;
}

export function createSessionStore(db: Db, secret: string, ttlSeconds: number): SessionStore {
  const liveSession = db
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.id, sql.placeholder('sid')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare();

  function lookup(sessionId: string): string | null {
    const row = liveSession.get({ sid: sessionId, now: Date.now() });
    return row?.userId ?? null;
  }

  return {
    start(userId) {
      const sessionId = newId();
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      db.insert(sessions).values({ id: sessionId, userId, expiresAt }).run();
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
  };
}
