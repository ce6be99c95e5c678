import { useEffect, useState } from 'react';

/** One emoji of the picker: its character, CLDR name, GitHub-style shortcodes and picker group. */
export interface Emoji {
  emoji: string;
  label: string;
  shortcodes: string[];
  tags: string[];
  group: number;
}

interface EmojiIndex {
  all: Emoji[];
  byGroup: Map<number, Emoji[]>;
  /** best matches first: a shortcode or a word of the name starting with the query, then a tag */
  search: (query: string, limit?: number) => Emoji[];
}

/** emojibase's groups in picker order (group 2 holds skin-tone components, not emoji of their own) */
export const GROUPS: { id: number; label: string; icon: string }[] = [
  { id: 0, label: 'Smileys & emotion', icon: '😀' },
  { id: 1, label: 'People & body', icon: '👋' },
  { id: 3, label: 'Animals & nature', icon: '🐶' },
  { id: 4, label: 'Food & drink', icon: '🍎' },
  { id: 5, label: 'Travel & places', icon: '✈️' },
  { id: 6, label: 'Activities', icon: '⚽' },
  { id: 7, label: 'Objects', icon: '💡' },
  { id: 8, label: 'Symbols', icon: '❤️' },
  { id: 9, label: 'Flags', icon: '🏁' },
];

/**
 * emojibase writes U+FE0F after every emoji; where the code point is an emoji by default
 * (U+1F000 and up) the plain form is what keyboards type, so a reaction from the picker and one
 * typed by hand are the same reaction.
 */
function characterOf(unicode: string, hexcode: string): string {
  const points = hexcode.split('-').map((hex) => parseInt(hex, 16));
  const first = points[0] ?? 0;
  return first >= 0x1f000 && !hexcode.includes('FE0F') ? String.fromCodePoint(...points) : unicode;
}

async function build(): Promise<EmojiIndex> {
  // Both files are a chunk of their own, fetched the first time a picker or a ":code" needs them.
  const [{ default: compact }, { default: github }] = await Promise.all([
    import('emojibase-data/en/compact.json'),
    import('emojibase-data/en/shortcodes/github.json'),
  ]);
  const shortcodes: Record<string, string | string[] | undefined> = github;
  const all: Emoji[] = [];
  for (const entry of compact) {
    if (entry.group === undefined || entry.group === 2) continue;
    const codes = shortcodes[entry.hexcode];
    all.push({
      emoji: characterOf(entry.unicode, entry.hexcode),
      label: entry.label,
      shortcodes: codes === undefined ? [] : Array.isArray(codes) ? codes : [codes],
      tags: entry.tags ?? [],
      group: entry.group,
    });
  }
  const byGroup = new Map<number, Emoji[]>();
  for (const emoji of all) byGroup.set(emoji.group, [...(byGroup.get(emoji.group) ?? []), emoji]);
  return { all, byGroup, search: (query, limit = 48) => search(all, query, limit) };
}

function search(all: Emoji[], raw: string, limit: number): Emoji[] {
  const query = raw.trim().toLowerCase().replace(/^:|:$/g, '');
  if (!query) return [];
  const scored: { emoji: Emoji; score: number }[] = [];
  for (const emoji of all) {
    let score = 0;
    if (emoji.shortcodes.some((code) => code === query)) score = 5;
    else if (emoji.shortcodes.some((code) => code.startsWith(query))) score = 4;
    else if (emoji.label.toLowerCase().startsWith(query)) score = 3;
    else if (
      emoji.label
        .toLowerCase()
        .split(/[\s:,-]+/)
        .some((word) => word.startsWith(query))
    )
      score = 2;
    else if (emoji.tags.some((tag) => tag.startsWith(query))) score = 1;
    if (score > 0) scored.push({ emoji, score });
  }
  // Array.prototype.sort is stable: equal scores keep emojibase's order (the picker's).
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((entry) => entry.emoji);
}

let loading: Promise<EmojiIndex> | null = null;

function loadEmoji(): Promise<EmojiIndex> {
  loading ??= build().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** The dataset once loaded (it starts loading on first use); null until then or if it failed. */
export function useEmojiIndex(enabled = true): EmojiIndex | null {
  const [index, setIndex] = useState<EmojiIndex | null>(null);
  useEffect(() => {
    if (!enabled || index) return;
    let live = true;
    loadEmoji().then(
      (loaded) => live && setIndex(loaded),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [enabled, index]);
  return index;
}
