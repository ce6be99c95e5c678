/**
 * Unsent text per room, kept in localStorage (per signed-in user), so switching rooms or
 * reloading the page keeps it; sending clears it.
 */
const keyOf = (userId: string, roomId: string) => `confab.draft.${userId}.${roomId}`;

export function readDraft(userId: string, roomId: string): string {
  try {
    return localStorage.getItem(keyOf(userId, roomId)) ?? '';
  } catch {
    return '';
  }
}

export function saveDraft(userId: string, roomId: string, body: string): void {
  try {
    if (body) localStorage.setItem(keyOf(userId, roomId), body);
    else localStorage.removeItem(keyOf(userId, roomId));
  } catch {
    // storage full or off: the draft lives as long as the page
  }
}
