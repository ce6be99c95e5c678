import { describe, expect, it } from 'vitest';
import { excerptOf } from '../../../packages/api/src/services/message-dto.js';
import { quoteExcerpt } from '../src/chat/reply/excerpt.js';

// A quote patched in the browser after an edit must read as the server would send it on a reload.
describe("a reply quote's excerpt", () => {
  const bodies = [
    '',
    'short',
    '  spaced\n\nout\tlines  ',
    'x'.repeat(140),
    'x'.repeat(141),
    `${'word '.repeat(40)}end`,
    `${'a'.repeat(100)} ${'b'.repeat(60)}`,
    `${'a'.repeat(70)} ${'b'.repeat(90)}`,
    '**bold** and `code` ~~stay~~ as the source text',
    `emoji 🎉 ${'é'.repeat(150)}`,
  ];
  it.each(bodies)('is the server’s for %j', (body) => {
    expect(quoteExcerpt(body)).toBe(excerptOf(body));
  });
});
