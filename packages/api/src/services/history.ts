import { and, asc, desc, eq, gt, lt } from 'drizzle-orm';
import { messages } from '@confab/db';
import { messageNotFound } from '../errors.js';
import type { Services } from './index.js';
import { toMessageDtos, type MessageDto, type MessageRow } from './message-dto.js';

/**
 * A page of a room's history, newest first. `nextCursor` continues towards older messages (pass
 * it as `cursor`); `newerCursor` towards newer ones (pass it as `after`), and is null once the
 * page reaches the newest message. A page read with `cursor` has no `newerCursor`, and one read
 * with `after` no `nextCursor`: that side is the page the reader came from.
 */
export interface HistoryPage {
  messages: MessageDto[];
  nextCursor: number | null;
  newerCursor: number | null;
}

/** Which part of the history a page is: the newest, older than a cursor, newer than one, or around a message. */
export type HistoryWindow = { cursor?: number | null | undefined } | { after: number } | { around: number };

export function history(s: Services, roomId: string, window: HistoryWindow, limit: number): HistoryPage {
  if ('around' in window) return around(s, roomId, window.around, limit);
  if ('after' in window) {
    const newer = newerThan(s, roomId, window.after, limit);
    return page(s, newer.rows.reverse(), false, newer.more);
  }
  const older = olderThan(s, roomId, window.cursor ?? null, limit);
  return page(s, older.rows, older.more, false);
}

/**
 * The page a permalink opens: the message itself and about as many newer messages as older ones,
 * with a cursor each way. NOT_FOUND unless the message is in this room.
 */
function around(s: Services, roomId: string, messageId: number, limit: number): HistoryPage {
  const anchor = s.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.roomId, roomId), eq(messages.id, messageId)))
    .get();
  if (!anchor) throw messageNotFound();
  const newerLimit = Math.floor((limit - 1) / 2);
  const newer = newerThan(s, roomId, messageId, newerLimit);
  // The anchor and what is older fill the rest of the page.
  const older = olderThan(s, roomId, messageId + 1, limit - newer.rows.length);
  return page(s, [...newer.rows.reverse(), ...older.rows], older.more, newer.more);
}

/** up to `limit` messages below `cursor` (or the newest, with no cursor), newest first */
function olderThan(s: Services, roomId: string, cursor: number | null, limit: number): { rows: MessageRow[]; more: boolean } {
  const rows = s.db
    .select()
    .from(messages)
    .where(and(eq(messages.roomId, roomId), cursor === null ? undefined : lt(messages.id, cursor)))
    .orderBy(desc(messages.id))
    .limit(limit + 1)
    .all();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** up to `limit` messages above `after`, oldest first */
function newerThan(s: Services, roomId: string, after: number, limit: number): { rows: MessageRow[]; more: boolean } {
  if (limit <= 0) {
    const next = s.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.roomId, roomId), gt(messages.id, after)))
      .limit(1)
      .get();
    return { rows: [], more: next !== undefined };
  }
  const rows = s.db
    .select()
    .from(messages)
    .where(and(eq(messages.roomId, roomId), gt(messages.id, after)))
    .orderBy(asc(messages.id))
    .limit(limit + 1)
    .all();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** `rows` newest first; the cursors are its two ends when there is more beyond them */
function page(s: Services, rows: MessageRow[], olderMore: boolean, newerMore: boolean): HistoryPage {
  const newest = rows[0];
  const oldest = rows[rows.length - 1];
  return {
    messages: toMessageDtos(s.db, s.uploads, rows),
    nextCursor: olderMore && oldest ? oldest.id : null,
    newerCursor: newerMore && newest ? newest.id : null,
  };
}
