/** What the search box does with the query text itself: the chips' filters, and names to match. */

const FILTER = /(^|\s)-?(in|from|has|before|after|on):("[^"]*"?|\S*)/gi;

/** the query without its filters: the words a room or person's name is matched against */
export function wordsOf(query: string): string {
  return query.replace(FILTER, ' ').replace(/"/g, ' ').replace(/\s+/g, ' ').trim();
}

export function hasFilter(query: string, key: string, value?: string): boolean {
  const pattern = value === undefined ? new RegExp(`(^|\\s)${key}:\\S`, 'i') : new RegExp(`(^|\\s)${key}:${value}(\\s|$)`, 'i');
  return pattern.test(query);
}

/** adds `key:value` at the end, or takes it out if it is there */
export function toggleFilter(query: string, key: string, value: string): string {
  if (hasFilter(query, key, value)) {
    return query
      .replace(new RegExp(`(^|\\s)${key}:${value}(?=\\s|$)`, 'i'), ' ')
      .replace(/\s+/g, ' ')
      .trim();
  }
  return appendFilter(query, `${key}:${value}`);
}

export function appendFilter(query: string, filter: string): string {
  const base = query.trimEnd();
  return `${base ? `${base} ` : ''}${filter}`;
}

/** `in:#ro` or `from:@an` being typed at the end: which names to offer, and where the token starts */
export function filterBeingTyped(query: string): { key: 'in' | 'from'; partial: string; start: number } | null {
  const match = /(^|\s)(in|from):([#@]?)([^\s"]*)$/i.exec(query);
  if (!match) return null;
  const key = match[2]?.toLowerCase() === 'in' ? 'in' : 'from';
  return { key, partial: (match[4] ?? '').toLowerCase(), start: match.index + (match[1]?.length ?? 0) };
}

/** replaces the filter being typed with a finished one (quoted when the name has spaces) */
export function completeFilter(query: string, start: number, key: 'in' | 'from', sigil: '#' | '@', name: string): string {
  const value = /\s/.test(name) ? `"${sigil}${name}"` : `${sigil}${name}`;
  return `${query.slice(0, start)}${key}:${value} `;
}

/** a query the server would refuse while it is still being typed (`in:` with no name yet) */
export function isUnfinished(query: string): boolean {
  return /(^|\s)-?(in|from|has|before|after|on):[#@]?$/i.test(query.trimEnd()) || /"[^"]*$/.test(query.replace(/"[^"]*"/g, ''));
}

/** today as the server's date filters want it */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
