const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when `body` has "@Name" for this name (case-insensitive, not part of a longer word). */
export function mentionsName(body: string, name: string): boolean {
  if (!name) return false;
  return new RegExp(`(^|[^\\w@])@${escape(name)}(?![\\w])`, 'i').test(body);
}
