import { sql } from 'drizzle-orm';
import type { Services } from '../index.js';
import type { RoomKind } from '../room-dto.js';

// The names in `in:` and `from:` filters, resolved against what the searching user can see.

interface MyRoomRow {
  id: string;
  kind: RoomKind;
  name: string | null;
  peerName: string | null;
}

function myRooms(s: Services, userId: string, roomIds?: readonly string[]): MyRoomRow[] {
  return s.db.all<MyRoomRow>(sql`
    SELECT r.id, r.kind, r.name,
      CASE WHEN r.kind = 'direct' THEN (SELECT u.name FROM membership p JOIN user u ON u.id = p.user_id
        WHERE p.room_id = r.id AND p.user_id != m.user_id LIMIT 1) END AS peerName
    FROM membership m JOIN room r ON r.id = m.room_id
    WHERE m.user_id = ${userId} ${
      roomIds
        ? sql`AND r.id IN (${sql.join(
            roomIds.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql``
    }`);
}

/** A person's name matches `wanted` (lower case) whole, without its spaces, or by its first word. */
function nameMatches(name: string, wanted: string): boolean {
  const lower = name.toLowerCase().trim();
  return lower === wanted || lower.replace(/\s+/g, '') === wanted.replace(/\s+/g, '') || lower.split(/\s+/)[0] === wanted;
}

/** `in:` values: `#name` / `name` a group of mine by name, `@name` my DM with that person. */
export function resolveRooms(s: Services, userId: string, wanted: readonly string[]): string[] {
  return myRooms(s, userId)
    .filter((room) =>
      wanted.some((value) =>
        value.startsWith('@')
          ? room.kind === 'direct' && room.peerName !== null && nameMatches(room.peerName, value.slice(1))
          : room.kind === 'group' && (room.name ?? '').toLowerCase().trim() === value,
      ),
    )
    .map((room) => room.id);
}

/** `from:` values: `me`, or people by name (whole, without spaces, or first name). */
export function resolveAuthors(s: Services, userId: string, wanted: readonly string[]): string[] {
  const ids = new Set<string>();
  if (wanted.includes('me')) ids.add(userId);
  for (const value of wanted) {
    const squeezed = value.replace(/\s+/g, '');
    if (squeezed === '') continue;
    const pattern = `${squeezed.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const candidates = s.db.all<{ id: string; name: string }>(
      sql`SELECT id, name FROM user WHERE replace(lower(name), ' ', '') LIKE ${pattern} ESCAPE '\\' LIMIT 200`,
    );
    for (const candidate of candidates) if (nameMatches(candidate.name, value)) ids.add(candidate.id);
  }
  return [...ids];
}

/** The rooms of a page of hits, named as a results list shows them. */
export function roomsOf(s: Services, userId: string, roomIds: readonly string[]): { id: string; kind: RoomKind; name: string }[] {
  if (roomIds.length === 0) return [];
  return myRooms(s, userId, roomIds).map((room) => ({
    id: room.id,
    kind: room.kind,
    name: room.kind === 'direct' ? (room.peerName ?? 'Deleted user') : (room.name ?? 'Untitled room'),
  }));
}
