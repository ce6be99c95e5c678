import type { Db } from '@confab/db';
import { oncePerDb } from '../../prepared.js';

// Who a message @mentions, stored per message when it is sent or edited, so "unread mentions of
// me" is one count on mention(user_id, room_id, message_id) instead of a scan of bodies.

interface Person {
  id: string;
  name: string;
}

const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}_]/u.test(char);

/**
 * The people of `members` that `body` mentions as "@Name" (case-insensitive, not inside a longer
 * word, and not followed by more of a word), the same rule the web client highlights with:
 * longest names first, so "@Ana Lima" mentions Ana Lima and not Ana. No one mentions themselves.
 */
function mentionedIn(body: string, members: readonly Person[], authorId: string): string[] {
  if (!body.includes('@')) return [];
  const lower = body.toLowerCase();
  const claimed = new Set<number>();
  const found = new Set<string>();
  const longestFirst = [...members].sort((a, b) => b.name.length - a.name.length);
  for (const member of longestFirst) {
    const name = member.name.toLowerCase();
    if (!name) continue;
    for (let at = lower.indexOf('@' + name); at !== -1; at = lower.indexOf('@' + name, at + 1)) {
      const before = lower[at - 1];
      const after = lower[at + 1 + name.length];
      const standsAlone = (before === undefined || (!isWordChar(before) && before !== '@')) && !isWordChar(after);
      if (!standsAlone || claimed.has(at)) continue;
      claimed.add(at);
      if (member.id !== authorId) found.add(member.id);
    }
  }
  return [...found];
}

const statements = oncePerDb((db) => ({
  members: db.$client.prepare<[string], Person>(
    'SELECT u.id, u.name FROM membership m JOIN user u ON u.id = m.user_id WHERE m.room_id = ? AND u.deactivated_at IS NULL',
  ),
  insert: db.$client.prepare<[number, string, string]>('INSERT OR IGNORE INTO mention (message_id, user_id, room_id) VALUES (?, ?, ?)'),
  forget: db.$client.prepare<[number]>('DELETE FROM mention WHERE message_id = ?'),
}));

/** Records whom a new message mentions; call it inside the writer's transaction (one connection). */
export function recordMentions(db: Db, message: { id: number; roomId: string; authorId: string; body: string }): string[] {
  const s = statements(db);
  if (!message.body.includes('@')) return [];
  const mentioned = mentionedIn(message.body, s.members.all(message.roomId), message.authorId);
  for (const userId of mentioned) s.insert.run(message.id, userId, message.roomId);
  return mentioned;
}

/** A deleted message mentions no one any more (and an edited one is recorded afresh). */
export function forgetMentions(db: Db, messageId: number): void {
  statements(db).forget.run(messageId);
}
