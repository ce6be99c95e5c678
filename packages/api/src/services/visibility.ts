import type { Db } from '@confab/db';

/**
 * Whose presence a user may see: people in their contacts, people who have them as a contact,
 * and people who share a room with them.
 */
export function createVisibility(db: Db) {
  const visibleIds = db.$client.prepare<[string, string, string, string], { id: string }>(`
    SELECT contact_id AS id FROM contact WHERE owner_id = ?
    UNION SELECT owner_id FROM contact WHERE contact_id = ?
    UNION SELECT other.user_id FROM membership mine JOIN membership other ON other.room_id = mine.room_id
      WHERE mine.user_id = ? AND other.user_id != ?`);
  return {
    /** everyone whose presence `viewerId` may see */
    visibleTo(viewerId: string): string[] {
      return visibleIds.all(viewerId, viewerId, viewerId, viewerId).map((row) => row.id);
    },
  };
}

export type Visibility = ReturnType<typeof createVisibility>;
