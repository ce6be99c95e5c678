import { useMemo } from 'react';
import { useFormatter } from './format/load.js';
import { Mentions } from './format/Mentions.js';
import '../styles/formatting.css';

interface Props {
  body: string;
  /** names of people in the room, for @mention highlighting */
  memberNames: readonly string[];
  myName: string;
}

/**
 * A message body as React elements: its Markdown subset formatted (see format/markdown.ts),
 * @mentions highlighted, http(s) and mailto links clickable. Nothing in a message is ever parsed
 * as HTML. The parser loads on demand; until then the text shows as it was typed.
 */
export function MessageText({ body, memberNames, myName }: Props) {
  const format = useFormatter();
  const content = useMemo(
    () => (format ? format(body, { memberNames, myName }) : <Mentions text={body} memberNames={memberNames} myName={myName} />),
    [format, body, memberNames, myName],
  );
  return <div className={format ? 'message-text formatted' : 'message-text plain'}>{content}</div>;
}
