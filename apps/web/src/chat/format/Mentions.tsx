import type { ReactNode } from 'react';

/** Who a message can mention, for highlighting: the room's people, and me (highlighted more). */
export interface MentionContext {
  memberNames: readonly string[];
  myName: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Plain text with each @mention in a highlight; longest names first, so "@Ana Lima" wins over "@Ana". */
export function Mentions({ text, memberNames, myName }: { text: string } & MentionContext) {
  if (!text.includes('@')) return <>{text}</>;
  const names = [...memberNames]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  const alternatives = [...names, '[\\w.-]+'].join('|');
  const pattern = new RegExp(`(^|[^\\w@])@(${alternatives})`, 'gi');
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const prefix = match[1] ?? '';
    const name = match[2] ?? '';
    const start = match.index + prefix.length;
    if (start > last) parts.push(text.slice(last, start));
    const isMe = name.toLowerCase() === myName.toLowerCase();
    parts.push(
      <span key={start} className={isMe ? 'mention mention-me' : 'mention'}>
        @{name}
      </span>,
    );
    last = start + 1 + name.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
