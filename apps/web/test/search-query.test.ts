import { describe, expect, it } from 'vitest';
import { appendFilter, completeFilter, filterBeingTyped, hasFilter, isUnfinished, toggleFilter, wordsOf } from '../src/chat/search/query-edit.js';
import { finishedShortcode, shortcodeAt } from '../src/chat/emoji/shortcodes.js';

describe('the search box edits its query', () => {
  it('a chip adds its filter once and takes it out again', () => {
    expect(toggleFilter('deploy', 'has', 'file')).toBe('deploy has:file');
    expect(toggleFilter('deploy has:file', 'has', 'file')).toBe('deploy');
    expect(hasFilter('deploy has:image', 'has', 'file')).toBe(false);
    expect(hasFilter('x in:#ops', 'in')).toBe(true);
    expect(appendFilter('deploy  ', 'in:#')).toBe('deploy in:#');
  });

  it('names are matched against the words, not the filters', () => {
    expect(wordsOf('release in:#ops from:"@Ana Lima" has:file notes')).toBe('release notes');
  });

  it('in:/from: being typed offer names; a name with spaces is quoted', () => {
    expect(filterBeingTyped('deploy in:#op')).toEqual({ key: 'in', partial: 'op', start: 7 });
    expect(filterBeingTyped('from:@an')).toEqual({ key: 'from', partial: 'an', start: 0 });
    expect(filterBeingTyped('in:#ops deploy')).toBeNull();
    expect(completeFilter('deploy from:@an', 7, 'from', '@', 'Ana Lima')).toBe('deploy from:"@Ana Lima" ');
    expect(completeFilter('in:#op', 0, 'in', '#', 'ops')).toBe('in:#ops ');
  });

  it('a query still being typed is not sent: an empty filter or an open quote', () => {
    expect(isUnfinished('deploy in:#')).toBe(true);
    expect(isUnfinished('"half a phrase')).toBe(true);
    expect(isUnfinished('"a phrase" done')).toBe(false);
    expect(isUnfinished('has:file')).toBe(false);
  });
});

describe('shortcodes in the composer', () => {
  it('completes :co after a space or at the start, not inside a word or a time', () => {
    expect(shortcodeAt('nice :thu')).toEqual({ query: 'thu', start: 5 });
    expect(shortcodeAt(':ta')).toEqual({ query: 'ta', start: 0 });
    expect(shortcodeAt('at 10:30')).toBeNull();
    expect(shortcodeAt('nice :t')).toBeNull();
  });

  it('a finished :code: names its emoji', () => {
    const index = { all: [{ emoji: '🎉', label: 'party popper', shortcodes: ['tada'], tags: [], group: 0 }] };
    expect(finishedShortcode('party :tada:', index)).toEqual({ emoji: '🎉', start: 6 });
    expect(finishedShortcode('party :nope:', index)).toBeNull();
  });
});
