import { sql } from 'drizzle-orm';
import { badRequest } from '../../errors.js';
import type { Services } from '../index.js';
import type { PublicRoomDto } from '../room-dto.js';

// The public directory (`room.browse`), a page at a time by name, optionally filtered by name:
// no number of rooms sorting first (500 named "!…") can hide the others.

export interface PublicRoomPage {
  rooms: PublicRoomDto[];
  /** pass back as `cursor` for the next page; null on the last one */
  nextCursor: string | null;
}

export interface BrowseInput {
  cursor?: string | null | undefined;
  limit: number;
  /** part of a room's name, any case */
  query?: string | undefined;
}

/** The cursor is the last room's (name, id), opaque to the caller. */
function encodeCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // falls through to the refusal
  }
  throw badRequest('cursor: pass back the nextCursor of the previous page as it was.');
}

export function browsePublic(s: Services, userId: string, input: BrowseInput): PublicRoomPage {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const query = input.query?.trim().toLowerCase() ?? '';
  const pattern = `%${query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const rows = s.db.all<{ id: string; name: string; topic: string | null; memberCount: number; isMember: number }>(sql`
    SELECT r.id, coalesce(r.name, '') AS name, r.topic,
      (SELECT count(*) FROM membership c WHERE c.room_id = r.id) AS memberCount,
      EXISTS (SELECT 1 FROM membership me WHERE me.room_id = r.id AND me.user_id = ${userId}) AS isMember
    FROM room r
    WHERE r.visibility = 'public' AND r.kind = 'group' AND r.archived_at IS NULL
      ${query ? sql`AND lower(coalesce(r.name, '')) LIKE ${pattern} ESCAPE '\\'` : sql``}
      ${after ? sql`AND (coalesce(r.name, '') COLLATE NOCASE, r.id) > (${after[0]}, ${after[1]})` : sql``}
    ORDER BY coalesce(r.name, '') COLLATE NOCASE, r.id
    LIMIT ${input.limit + 1}`);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    rooms: page.map((row) => ({
      id: row.id,
      name: row.name || 'Untitled room',
      topic: row.topic,
      memberCount: row.memberCount,
      isMember: row.isMember === 1,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.name, last.id) : null,
  };
}
