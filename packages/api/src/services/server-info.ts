import { sql } from 'drizzle-orm';
import type { ServerFacts } from '../config.js';
import type { Services } from './index.js';

/** The admin page's "server" box: the host's measurements, plus counts from the database. */
export interface ServerInfo extends ServerFacts {
  people: { active: number; deactivated: number; admins: number };
  rooms: number;
  messages: number;
}

export async function serverInfo(s: Services): Promise<ServerInfo> {
  const counts = s.db.get<{
    active: number;
    deactivated: number;
    admins: number;
    rooms: number;
    messages: number;
    uploadsBytes: number | null;
    dbBytes: number;
  }>(sql`
    SELECT
      (SELECT count(*) FROM user WHERE deactivated_at IS NULL) AS active,
      (SELECT count(*) FROM user WHERE deactivated_at IS NOT NULL) AS deactivated,
      (SELECT count(*) FROM user WHERE deactivated_at IS NULL AND role = 'admin') AS admins,
      (SELECT count(*) FROM room WHERE kind = 'group') AS rooms,
      (SELECT max(id) FROM message) AS messages,
      (SELECT sum(size) FROM upload) AS uploadsBytes,
      (SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()) AS dbBytes`);
  const facts: ServerFacts = s.team.serverFacts
    ? await s.team.serverFacts()
    : { version: 'unknown', databaseBytes: counts.dbBytes, uploadsBytes: counts.uploadsBytes ?? 0, freeDiskBytes: null };
  return {
    ...facts,
    people: { active: counts.active, deactivated: counts.deactivated, admins: counts.admins },
    rooms: counts.rooms,
    messages: counts.messages ?? 0,
  };
}
