import MarkdownIt, { type Token } from 'markdown-it';

/**
 * The subset of Markdown a message may use: `code`, fenced code blocks, **bold**, *italic*,
 * ~~strike~~, > quotes, bulleted and numbered lists, [text](url) links and bare URLs / e-mail
 * addresses. Raw HTML is text (html: false), and so are headings, tables, rules, images,
 * indented code and reference definitions: in chat, a leading `#` or four spaces are not markup.
 */
const md = MarkdownIt('zero', { html: false, linkify: true, breaks: true, typographer: false });
md.enable(['fence', 'blockquote', 'list', 'linkify', 'backticks', 'strikethrough', 'emphasis', 'link', 'autolink', 'escape', 'entity', 'newline']);

// Bare domains (example.com) link too, which markdown-it leaves off by default, but only with
// these endings: linkify-it's default (every two-letter country code) would turn README.md,
// main.py and setup.sh into links. A URL with a scheme always links.
md.linkify.set({ fuzzyLink: true });
md.linkify.tlds(
  [
    'com',
    'org',
    'net',
    'edu',
    'gov',
    'io',
    'dev',
    'app',
    'ai',
    'co',
    'me',
    'info',
    'biz',
    'eu',
    'uk',
    'de',
    'fr',
    'nl',
    'es',
    'it',
    'ca',
    'us',
    'jp',
  ],
  false,
);

const SAFE_SCHEME = /^(https?:|mailto:)/i;

/** Only http(s) and mailto links are made: `javascript:`, `data:`, relative paths stay text. */
md.validateLink = (url: string) => SAFE_SCHEME.test(url.trim());

export function parseMessage(body: string): Token[] {
  return md.parse(body, {});
}

export type { Token };
