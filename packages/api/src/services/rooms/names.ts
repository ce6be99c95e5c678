import type { Db } from '@confab/db';
import { conflict } from '../../errors.js';
import { oncePerDb } from '../../prepared.js';

// Group names are unique on a server, ignoring case (issue 15, defect 4); an archived group frees
// its name. The unique index room_group_name_unique holds the same rule, with SQLite's lower()
// (so only A-Z fold; other letters compare exactly).

const sameName = oncePerDb((db) =>
  db.$client.prepare<[string, string], { id: string }>(
    "SELECT id FROM room WHERE kind = 'group' AND archived_at IS NULL AND lower(name) = lower(?) AND id != ? LIMIT 1",
  ),
);

/** Throws CONFLICT when another live group already has `name` (in any case); call it inside the writer's transaction. */
export function assertGroupNameFree(db: Db, name: string, roomId = ''): void {
  if (sameName(db).get(name, roomId)) throw conflict(`A room named "${name}" already exists: pick another name, or join that room.`);
}
