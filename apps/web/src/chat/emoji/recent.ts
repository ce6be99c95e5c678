const KEY = 'confab.emoji.recent';
const KEEP = 24;
/** what the picker offers before anyone has picked anything */
const STARTERS = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀', '🔥', '✅'];

/** Emoji used last first (reactions and shortcodes), kept in this browser. */
export function recentEmoji(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    const saved = Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
    return [...saved, ...STARTERS.filter((emoji) => !saved.includes(emoji))].slice(0, KEEP);
  } catch {
    return STARTERS;
  }
}

export function rememberEmoji(emoji: string): void {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    const list = Array.isArray(saved) ? saved.filter((item): item is string => typeof item === 'string' && item !== emoji) : [];
    localStorage.setItem(KEY, JSON.stringify([emoji, ...list].slice(0, KEEP)));
  } catch {
    // storage full or off: the picker just doesn't remember
  }
}
