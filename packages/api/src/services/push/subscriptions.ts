import type { Db } from '@confab/db';
import type { PushTarget } from './transport.js';

interface RecipientRow {
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  level: string | null;
  ignoreMentions: number;
}

/**
 * The push_subscription table. Which users have any subscription is kept in memory, so a server
 * where nobody turned push on spends nothing per message.
 */
export function createSubscriptionStore(db: Db) {
  const sql = db.$client;
  const upsert = sql.prepare<[string, string, string | null, string, string]>(
    `INSERT INTO push_subscription (endpoint, user_id, session_id, p256dh, auth) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, session_id = excluded.session_id,
       p256dh = excluded.p256dh, auth = excluded.auth`,
  );
  const deleteOne = sql.prepare<[string]>('DELETE FROM push_subscription WHERE endpoint = ?');
  const deleteOwn = sql.prepare<[string, string]>('DELETE FROM push_subscription WHERE endpoint = ? AND user_id = ?');
  const ofUser = sql.prepare<[string], { endpoint: string; p256dh: string; auth: string }>(
    'SELECT endpoint, p256dh, auth FROM push_subscription WHERE user_id = ?',
  );
  const subscribers = sql.prepare<[], { userId: string }>('SELECT DISTINCT user_id AS userId FROM push_subscription');
  // One query per message: the room's people (not the author, not bots, not deactivated) with a
  // subscription from a session that is still signed in, and their level there.
  const recipients = sql.prepare<[string, string, number], RecipientRow>(
    `SELECT ps.user_id AS userId, ps.endpoint, ps.p256dh, ps.auth, m.notification_level AS level, m.ignore_mentions AS ignoreMentions
     FROM membership m
     JOIN push_subscription ps ON ps.user_id = m.user_id
     JOIN user u ON u.id = m.user_id
     LEFT JOIN session se ON se.id = ps.session_id
     WHERE m.room_id = ? AND m.user_id != ? AND u.kind = 'person' AND u.deactivated_at IS NULL
       AND (ps.session_id IS NULL OR (se.revoked_at IS NULL AND se.expires_at > ?))`,
  );
  let known = new Set(subscribers.all().map((row) => row.userId));
  const reload = () => (known = new Set(subscribers.all().map((row) => row.userId)));

  return {
    anyone: () => known.size > 0,
    save(userId: string, sessionId: string | null, target: PushTarget): void {
      upsert.run(target.endpoint, userId, sessionId, target.keys.p256dh, target.keys.auth);
      known.add(userId);
    },
    remove(endpoint: string): void {
      if (deleteOne.run(endpoint).changes > 0) reload();
    },
    removeOwn(userId: string, endpoint: string): boolean {
      const removed = deleteOwn.run(endpoint, userId).changes > 0;
      if (removed) reload();
      return removed;
    },
    ofUser: (userId: string): PushTarget[] =>
      ofUser.all(userId).map((row) => ({ endpoint: row.endpoint, keys: { p256dh: row.p256dh, auth: row.auth } })),
    recipients: (roomId: string, authorId: string): RecipientRow[] => recipients.all(roomId, authorId, Date.now()),
  };
}
