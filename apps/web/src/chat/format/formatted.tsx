import { createElement, Fragment, type ReactNode } from 'react';
import { CodeBlock } from './CodeBlock.js';
import { parseMessage, type Token } from './markdown.js';
import { Mentions, type MentionContext } from './Mentions.js';

// Markdown tokens to React elements: every piece of text stays a text node, so nothing in a
// message is ever parsed as HTML, and only the elements named here can appear.

interface Frame {
  token: Token;
  children: ReactNode[];
}

/** A message body as React elements (the lazily loaded half of MessageText). */
export function formatMessage(body: string, mentions: MentionContext): ReactNode {
  return build(parseMessage(body), mentions, 'b');
}

function build(tokens: readonly Token[], mentions: MentionContext, keyPrefix: string): ReactNode[] {
  const root: ReactNode[] = [];
  const stack: Frame[] = [];
  const out = () => stack[stack.length - 1]?.children ?? root;
  tokens.forEach((token, index) => {
    const key = `${keyPrefix}${index}`;
    if (token.nesting === 1) stack.push({ token, children: [] });
    else if (token.nesting === -1) {
      const frame = stack.pop();
      if (frame) out().push(element(frame, key));
    } else out().push(leaf(token, mentions, key));
  });
  // markdown-it always closes what it opens; this keeps the text if it ever did not
  while (stack.length > 0) {
    const frame = stack.pop();
    if (frame) out().push(<Fragment key={`${keyPrefix}u${stack.length}`}>{frame.children}</Fragment>);
  }
  return root;
}

const TAGS: Record<string, string> = {
  paragraph_open: 'p',
  bullet_list_open: 'ul',
  ordered_list_open: 'ol',
  list_item_open: 'li',
  blockquote_open: 'blockquote',
  strong_open: 'strong',
  em_open: 'em',
  s_open: 's',
};

function element({ token, children }: Frame, key: string): ReactNode {
  if (token.type === 'link_open') {
    return (
      <Link key={key} href={String(token.attrGet('href') ?? '')}>
        {children}
      </Link>
    );
  }
  // a tight list's paragraphs are hidden: their text goes straight into the item
  if (token.type === 'paragraph_open' && token.hidden) return <Fragment key={key}>{children}</Fragment>;
  const tag = TAGS[token.type];
  if (!tag) return <Fragment key={key}>{children}</Fragment>;
  const start = token.type === 'ordered_list_open' ? Number(token.attrGet('start') ?? 1) : undefined;
  return createElement(tag, { key, start: start !== undefined && start !== 1 ? start : undefined }, ...children);
}

function leaf(token: Token, mentions: MentionContext, key: string): ReactNode {
  switch (token.type) {
    case 'inline':
      return <Fragment key={key}>{build(token.children ?? [], mentions, `${key}.`)}</Fragment>;
    case 'text':
      return <Mentions key={key} text={token.content} {...mentions} />;
    case 'code_inline':
      return <code key={key}>{token.content}</code>;
    case 'fence':
    case 'code_block':
      return <CodeBlock key={key} code={token.content} />;
    case 'softbreak':
    case 'hardbreak':
      return <br key={key} />;
    default:
      // text_special (escapes, entities), and anything else: its text, never markup
      return <Fragment key={key}>{token.content}</Fragment>;
  }
}

/** A link that says where it goes on hover; one to this Confab (a permalink) stays in this tab. */
function Link({ href, children }: { href: string; children: ReactNode[] }) {
  const sameOrigin = href.startsWith(`${window.location.origin}/`);
  return (
    <a href={href} title={href} {...(sameOrigin ? {} : { target: '_blank', rel: 'noopener noreferrer' })}>
      {children}
    </a>
  );
}
