/**
 * The search box's language, parsed by hand so that nothing a person types ever reaches FTS5's
 * MATCH syntax: words, "quoted phrases", -excluded words and the filters `in:#room`, `in:@person`,
 * `from:@person`, `has:file`, `has:image`, `has:link`, `before:YYYY-MM-DD`, `after:YYYY-MM-DD`
 * and `on:YYYY-MM-DD`. The MATCH expression is built from the words' letters and digits only,
 * each run quoted, so operators (`NEAR`, `OR`, `*`, `^`, column filters) are plain words here.
 */

type HasFilter = 'file' | 'image' | 'link';

export interface SearchTerm {
  /** the searchable runs of letters and digits, in order */
  tokens: string[];
  phrase: boolean;
  excluded: boolean;
}

export interface ParsedSearch {
  terms: SearchTerm[];
  /** room names (`#` stripped) and DM peers (`@name`), lower case; any of them */
  rooms: string[];
  /** author names (`@` stripped) or `me`, lower case; any of them */
  authors: string[];
  has: HasFilter[];
  /** created strictly before this instant */
  before: Date | null;
  /** created at or after this instant */
  after: Date | null;
}

/** what went wrong in a query, in a sentence the person can act on */
export class SearchQueryError extends Error {}

export const MAX_QUERY_LENGTH = 500;
const MAX_TERMS = 16;

const FILTER_KEYS = ['in', 'from', 'has', 'before', 'after', 'on'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const isFilterKey = (key: string): key is FilterKey => (FILTER_KEYS as readonly string[]).includes(key);

/** Letters, digits, combining marks and private-use characters: what unicode61 keeps in a token. */
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const tokensOf = (text: string) => text.match(TOKEN) ?? [];

const DAY_MS = 86_400_000;

/** A calendar day in UTC, `YYYY-MM-DD`, as the instant it starts. */
function parseDay(key: string, value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || !match || date.getUTCMonth() !== Number(match[2]) - 1 || date.getUTCDate() !== Number(match[3])) {
    throw new SearchQueryError(`${key}: needs a date like ${key}:2026-11-30 (year-month-day).`);
  }
  return date;
}

/** Splits the query into words, quoted phrases and key:value filters (a value may be quoted). */
function* pieces(query: string): Generator<{ text: string; quoted: boolean; excluded: boolean; key: FilterKey | null }> {
  let i = 0;
  const readQuoted = () => {
    const close = query.indexOf('"', i + 1);
    // An unclosed quote runs to the end: the person is still typing the phrase.
    const end = close === -1 ? query.length : close;
    const text = query.slice(i + 1, end);
    i = end + 1;
    return text;
  };
  while (i < query.length) {
    const char = query.charAt(i);
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    let excluded = false;
    if (char === '-' && i + 1 < query.length && !/\s/.test(query.charAt(i + 1))) {
      excluded = true;
      i++;
    }
    if (query.charAt(i) === '"') {
      yield { text: readQuoted(), quoted: true, excluded, key: null };
      continue;
    }
    const filter = /^([a-z]+):/i.exec(query.slice(i));
    const key = filter?.[1]?.toLowerCase();
    if (filter && key && isFilterKey(key) && !excluded) {
      i += filter[0].length;
      if (query.charAt(i) === '"') {
        yield { text: readQuoted(), quoted: true, excluded: false, key };
        continue;
      }
      const start = i;
      while (i < query.length && !/\s/.test(query.charAt(i))) i++;
      yield { text: query.slice(start, i), quoted: false, excluded: false, key };
      continue;
    }
    const start = i;
    while (i < query.length && !/\s/.test(query.charAt(i))) i++;
    yield { text: query.slice(start, i), quoted: false, excluded, key: null };
  }
}

export function parseSearch(query: string): ParsedSearch {
  if (query.length > MAX_QUERY_LENGTH) throw new SearchQueryError(`A search is at most ${MAX_QUERY_LENGTH} characters: shorten it.`);
  const parsed: ParsedSearch = { terms: [], rooms: [], authors: [], has: [], before: null, after: null };
  for (const piece of pieces(query)) {
    const value = piece.text.trim();
    if (piece.key === null) {
      const tokens = tokensOf(value);
      // Punctuation alone (`*`, `(`, `^`) is not searchable; it is dropped, not an error.
      if (tokens.length > 0) parsed.terms.push({ tokens, phrase: piece.quoted, excluded: piece.excluded });
      continue;
    }
    // An empty filter (`in:` while typing) restricts nothing yet.
    if (value === '') continue;
    applyFilter(parsed, piece.key, value);
  }
  if (parsed.terms.length > MAX_TERMS) throw new SearchQueryError(`A search holds at most ${MAX_TERMS} words and phrases: remove some.`);
  const hasFilter = parsed.rooms.length + parsed.authors.length + parsed.has.length > 0 || parsed.before !== null || parsed.after !== null;
  const included = parsed.terms.filter((term) => !term.excluded);
  if (included.length === 0 && parsed.terms.length > 0) {
    throw new SearchQueryError('Add a word to search for: -word only leaves out messages that contain it.');
  }
  if (included.length === 0 && !hasFilter) throw new SearchQueryError('Type a word to search for, or a filter such as from:@name or has:image.');
  if (parsed.before && parsed.after && parsed.after >= parsed.before) {
    throw new SearchQueryError('after: must be earlier than before: (no day is both).');
  }
  return parsed;
}

function applyFilter(parsed: ParsedSearch, key: FilterKey, value: string): void {
  switch (key) {
    case 'in':
      parsed.rooms.push(value.replace(/^#/, '').toLowerCase());
      return;
    case 'from':
      parsed.authors.push(value.replace(/^@/, '').toLowerCase());
      return;
    case 'has': {
      const kind = value.toLowerCase();
      if (kind !== 'file' && kind !== 'image' && kind !== 'link')
        throw new SearchQueryError(`has: can be has:file, has:image or has:link (not "${value.slice(0, 40)}").`);
      if (!parsed.has.includes(kind)) parsed.has.push(kind);
      return;
    }
    case 'before': {
      const day = parseDay(key, value);
      if (!parsed.before || day < parsed.before) parsed.before = day;
      return;
    }
    case 'after': {
      // after: a day means from the next day on, as in Slack.
      const next = new Date(parseDay(key, value).getTime() + DAY_MS);
      if (!parsed.after || next > parsed.after) parsed.after = next;
      return;
    }
    case 'on': {
      const day = parseDay(key, value);
      const next = new Date(day.getTime() + DAY_MS);
      if (!parsed.after || day > parsed.after) parsed.after = day;
      if (!parsed.before || next < parsed.before) parsed.before = next;
      return;
    }
  }
}

/** A token inside an FTS5 string: tokens hold only letters and digits, but quotes are doubled anyway. */
const quote = (tokens: readonly string[]) => `"${tokens.join(' ').replace(/"/g, '""')}"`;

/**
 * The FTS5 MATCH expression of the words and phrases, or null when the search is filters only.
 * A word's runs form one phrase (`foo-bar` is "foo bar"), the last bare word of the query also
 * matches as a prefix (it is the one being typed: `depl` finds "deploy"), and -words are NOT.
 */
export function matchExpression(terms: readonly SearchTerm[]): string | null {
  const included = terms.filter((term) => !term.excluded);
  if (included.length === 0) return null;
  const last = terms[terms.length - 1];
  const render = (term: SearchTerm) => {
    const lastToken = term.tokens[term.tokens.length - 1] ?? '';
    const prefix = term === last && !term.phrase && !term.excluded && lastToken.length >= 2;
    return `${quote(term.tokens)}${prefix ? '*' : ''}`;
  };
  const positive = included.map(render).join(' ');
  const excluded = terms.filter((term) => term.excluded).map(render);
  return excluded.length === 0 ? positive : `(${positive})${excluded.map((term) => ` NOT ${term}`).join('')}`;
}
