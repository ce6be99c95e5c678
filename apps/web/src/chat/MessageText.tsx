import { Fragment, type ReactNode } from 'react';

// http(s) links only; trailing punctuation that usually ends a sentence is left out of the link.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}]/gi;

interface Props {
  body: string;
  /** names of people in the room, for @mention highlighting */
  memberNames: readonly string[];
  myName: string;
}

/**
 * Message text as React elements: links become anchors, @mentions get a highlight. Nothing in
 * a message is ever parsed as HTML.
 */
export function MessageText({ body, memberNames, myName }: Props) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of body.matchAll(URL_PATTERN)) {
    const start = match.index;
    if (start > last) parts.push(<Mentions key={`t${last}`} text={body.slice(last, start)} memberNames={memberNames} myName={myName} />);
    const href = safeHref(match[0]);
    parts.push(
      href ? (
        <a key={`l${start}`} href={href} target="_blank" rel="noopener noreferrer">
          {match[0]}
        </a>
      ) : (
        <Fragment key={`l${start}`}>{match[0]}</Fragment>
      ),
    );
    last = start + match[0].length;
  }
  if (last < body.length) parts.push(<Mentions key={`t${last}`} text={body.slice(last)} memberNames={memberNames} myName={myName} />);
  return <>{parts}</>;
}

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function Mentions({ text, memberNames, myName }: { text: string; memberNames: readonly string[]; myName: string }) {
  if (!text.includes('@')) return <>{text}</>;
  // Longest names first, so "@Ana Lima" wins over "@Ana".
  const names = [...memberNames].filter(Boolean).sort((a, b) => b.length - a.length).map(escapeRegExp);
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
