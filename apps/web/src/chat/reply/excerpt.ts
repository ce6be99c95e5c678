/**
 * What a reply's quote shows of its original: the start of its body on one line, cut at a word
 * boundary when one is near. The same rule as the server's `excerptOf` (packages/api,
 * services/message-dto.ts), so a quote patched live after an edit reads as one fetched later;
 * test/reply-excerpt.test.ts checks that the two agree.
 */
const EXCERPT_LENGTH = 140;

export function quoteExcerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line.length <= EXCERPT_LENGTH) return line;
  const cut = line.slice(0, EXCERPT_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${space > EXCERPT_LENGTH * 0.6 ? cut.slice(0, space) : cut}…`;
}
