import { inArray, sql, type SQL } from 'drizzle-orm';
import { messages } from '@confab/db';
import { badRequest } from '../../errors.js';
import type { Services } from '../index.js';
import { excerptOf, toMessageDtos, type MessageDto } from '../message-dto.js';
import type { RoomKind } from '../room-dto.js';
import { matchExpression, parseSearch, SearchQueryError, type ParsedSearch } from './query.js';
import { resolveAuthors, resolveRooms, roomsOf } from './scope.js';

/** A run of a hit's snippet; `match` runs are the words the search found. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** The room a hit is in, as a results list names it (a DM by the other person's name). */
export interface SearchRoomDto {
  id: string;
  kind: RoomKind;
  name: string;
}

export interface SearchHit {
  message: MessageDto;
  snippet: SnippetPart[];
  room: SearchRoomDto;
}

export interface SearchPage {
  hits: SearchHit[];
  /** pass back as `cursor` for the next (older) page; null on the last page */
  nextCursor: number | null;
}

// Snippet highlight markers: control characters, which the unicode61 tokenizer treats as separators.
const OPEN = '\u0002';
const CLOSE = '\u0003';

interface HitRow {
  id: number;
  snippet: string | null;
}

/**
 * Messages the user can read now (rooms and DMs they are a member of), newest first, keyset-paged
 * by id. Deleted messages are never found (a tombstone's body is empty and leaves the index);
 * an edited one is indexed by its new text only, in the edit's transaction.
 */
export function searchMessages(s: Services, userId: string, input: { query: string; cursor?: number | null | undefined; limit: number }): SearchPage {
  let parsed: ParsedSearch;
  try {
    parsed = parseSearch(input.query);
  } catch (error) {
    if (error instanceof SearchQueryError) throw badRequest(error.message);
    throw error;
  }
  const scope = scopeOf(s, userId, parsed);
  if (scope === null) return { hits: [], nextCursor: null };
  const match = matchExpression(parsed.terms);
  const cursor = input.cursor ?? null;
  const rows =
    match === null
      ? s.db.all<HitRow>(sql`
          SELECT m.id, NULL AS snippet
          FROM message m
          WHERE ${sql.join(scope, sql` AND `)} ${cursor === null ? sql`` : sql`AND m.id < ${cursor}`}
          ORDER BY m.id DESC LIMIT ${input.limit + 1}`)
      : s.db.all<HitRow>(sql`
          SELECT m.id, snippet(message_fts, 0, ${OPEN}, ${CLOSE}, '…', 24) AS snippet
          FROM message_fts CROSS JOIN message m ON m.id = message_fts.rowid
          WHERE message_fts MATCH ${match} ${cursor === null ? sql`` : sql`AND message_fts.rowid < ${cursor}`}
            AND ${sql.join(scope, sql` AND `)}
          ORDER BY message_fts.rowid DESC LIMIT ${input.limit + 1}`);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return { hits: toHits(s, userId, page), nextCursor: rows.length > input.limit && last ? last.id : null };
}

/** The WHERE conditions on `m` that every hit meets; null when a filter names nothing of the user's. */
function scopeOf(s: Services, userId: string, parsed: ParsedSearch): SQL[] | null {
  const conditions: SQL[] = [sql`m.deleted_at IS NULL`, sql`m.room_id IN (SELECT room_id FROM membership WHERE user_id = ${userId})`];
  if (parsed.rooms.length > 0) {
    const roomIds = resolveRooms(s, userId, parsed.rooms);
    if (roomIds.length === 0) return null;
    conditions.push(
      sql`m.room_id IN (${sql.join(
        roomIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  if (parsed.authors.length > 0) {
    const authorIds = resolveAuthors(s, userId, parsed.authors);
    if (authorIds.length === 0) return null;
    conditions.push(
      sql`m.author_id IN (${sql.join(
        authorIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  for (const kind of parsed.has) {
    if (kind === 'file') conditions.push(sql`EXISTS (SELECT 1 FROM attachment a WHERE a.message_id = m.id)`);
    if (kind === 'image') {
      conditions.push(
        sql`EXISTS (SELECT 1 FROM attachment a JOIN upload u ON u.id = a.upload_id WHERE a.message_id = m.id AND u.mime LIKE 'image/%')`,
      );
    }
    if (kind === 'link') conditions.push(sql`(m.body LIKE '%http://%' OR m.body LIKE '%https://%')`);
  }
  if (parsed.before) conditions.push(sql`m.created_at < ${parsed.before.getTime()}`);
  if (parsed.after) conditions.push(sql`m.created_at >= ${parsed.after.getTime()}`);
  return conditions;
}

function toHits(s: Services, userId: string, rows: readonly HitRow[]): SearchHit[] {
  if (rows.length === 0) return [];
  const messageRows = s.db
    .select()
    .from(messages)
    .where(
      inArray(
        messages.id,
        rows.map((row) => row.id),
      ),
    )
    .all();
  const dtos = new Map(toMessageDtos(s.db, s.uploads, messageRows).map((dto) => [dto.id, dto]));
  const rooms = new Map(roomsOf(s, userId, [...new Set(messageRows.map((row) => row.roomId))]).map((room) => [room.id, room]));
  return rows.flatMap((row) => {
    const message = dtos.get(row.id);
    const room = message ? rooms.get(message.roomId) : undefined;
    if (!message || !room) return [];
    return [{ message, room, snippet: row.snippet === null ? [{ text: excerptOf(message.body), match: false }] : snippetParts(row.snippet) }];
  });
}

/** FTS5's snippet, with its markers, as runs of plain and matching text (never markup). */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = '';
  const flush = () => {
    if (text) parts.push({ text: text.replace(/\s+/g, ' '), match });
    text = '';
  };
  for (const char of marked) {
    if (char === OPEN || char === CLOSE) {
      flush();
      match = char === OPEN;
    } else text += char;
  }
  flush();
  return parts;
}
