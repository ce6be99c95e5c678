import { useEmojiIndex, type Emoji } from './data.js';

/** `:thu` just before the caret (at the start or after a space): what to complete, and where it starts */
export function shortcodeAt(before: string): { query: string; start: number } | null {
  const match = before.match(/(^|\s):([a-z0-9_+-]{2,30})$/i);
  const query = match?.[2];
  return query === undefined ? null : { query: query.toLowerCase(), start: before.length - query.length - 1 };
}

/** `:thumbsup:` complete just before the caret: the emoji it names, and where the code starts */
export function finishedShortcode(before: string, index: { all: Emoji[] } | null): { emoji: string; start: number } | null {
  const match = before.match(/(^|\s):([a-z0-9_+-]{1,30}):$/i);
  const code = match?.[2]?.toLowerCase();
  if (!code || !index) return null;
  const found = index.all.find((emoji) => emoji.shortcodes.includes(code));
  return found ? { emoji: found.emoji, start: before.length - code.length - 2 } : null;
}

/** The emoji whose shortcode (or name) starts with the query; the dataset loads when the first `:co` is typed. */
export function useShortcodeCandidates(query: string | null): { candidates: Emoji[]; index: ReturnType<typeof useEmojiIndex> } {
  const index = useEmojiIndex(query !== null);
  const candidates = query && index ? index.search(query, 8).filter((emoji) => emoji.shortcodes.length > 0) : [];
  return { candidates, index };
}
