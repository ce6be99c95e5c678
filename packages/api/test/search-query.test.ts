import { describe, expect, it } from 'vitest';
import { snippetParts } from '../src/services/search/index.js';
import { matchExpression, parseSearch, SearchQueryError } from '../src/services/search/query.js';

const matchOf = (query: string) => matchExpression(parseSearch(query).terms);

describe('the search query language', () => {
  it('quotes every word, and only the last bare word matches as a prefix', () => {
    expect(matchOf('deploy friday')).toBe('"deploy" "friday"*');
    expect(matchOf('depl')).toBe('"depl"*');
    // one-letter words are not prefixes: "a*" would match half the index
    expect(matchOf('plan a')).toBe('"plan" "a"');
  });

  it('keeps quoted phrases together and never as prefixes; an unclosed quote runs to the end', () => {
    expect(matchOf('"release notes" draft')).toBe('"release notes" "draft"*');
    expect(matchOf('draft "release no')).toBe('"draft" "release no"');
  });

  it('turns FTS5 operators and syntax into plain words', () => {
    expect(matchOf('a NEAR b')).toBe('"a" "NEAR" "b"');
    expect(matchOf('NEAR(a b, 2)')).toBe('"NEAR a" "b" "2"');
    expect(matchOf('body:secret OR x')).toBe('"body secret" "OR" "x"');
    expect(matchOf('col:"x" ^start * end*')).toBe('"col x" "start" "end"*');
    expect(matchOf('say ""hi"" now')).toBe('"say" "hi" "now"*');
    expect(matchOf('foo-bar')).toBe('"foo bar"*');
  });

  it('excludes -words with NOT, and refuses a search of exclusions only', () => {
    expect(matchOf('deploy -staging')).toBe('("deploy") NOT "staging"');
    expect(() => parseSearch('-staging')).toThrow(SearchQueryError);
  });

  it('reads filters, quoted filter values and dates in UTC', () => {
    const parsed = parseSearch('in:#General from:@Ana has:image has:file before:2026-11-30 after:2026-11-01 "x y"');
    expect(parsed.rooms).toEqual(['general']);
    expect(parsed.authors).toEqual(['ana']);
    expect(parsed.has).toEqual(['image', 'file']);
    expect(parsed.before?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(parsed.after?.toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(parseSearch('in:"#team chat" x').rooms).toEqual(['team chat']);
    expect(parseSearch('in:@ana x').rooms).toEqual(['@ana']);
    const day = parseSearch('on:2026-02-28');
    expect([day.after?.toISOString(), day.before?.toISOString()]).toEqual(['2026-02-28T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
    expect(matchExpression(parseSearch('from:me has:file').terms)).toBeNull();
  });

  it('says what to fix in a malformed search', () => {
    expect(() => parseSearch('')).toThrow(/Type a word/);
    expect(() => parseSearch('   * ( ) ')).toThrow(/Type a word/);
    expect(() => parseSearch('before:2026-13-01 x')).toThrow(/before: needs a date like/);
    expect(() => parseSearch('before:2026-02-30 x')).toThrow(/before: needs a date/);
    expect(() => parseSearch('has:video x')).toThrow(/has: can be has:file, has:image or has:link/);
    expect(() => parseSearch('after:2026-11-30 before:2026-11-30 x')).toThrow(/after: must be earlier/);
    expect(() => parseSearch('x'.repeat(501))).toThrow(/at most 500 characters/);
    expect(() => parseSearch(Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '))).toThrow(/at most 16 words/);
  });

  it('an empty filter restricts nothing yet, and unknown keys are words', () => {
    expect(parseSearch('deploy in:').rooms).toEqual([]);
    expect(matchOf('during:monday')).toBe('"during monday"*');
  });
});

describe('snippets', () => {
  it('become runs of plain and matching text', () => {
    expect(snippetParts('we \u0002deploy\u0003 on\nfriday')).toEqual([
      { text: 'we ', match: false },
      { text: 'deploy', match: true },
      { text: ' on friday', match: false },
    ]);
  });
});
