interface AvatarProps {
  name: string;
  url?: string | null | undefined;
  size?: number;
  /** shows a presence dot in the corner when defined */
  online?: boolean | undefined;
}

const HUES = [250, 205, 160, 20, 330, 280, 40, 185, 130, 0, 300, 225];

/** A stable colour per name (FNV-1a), so the same person always looks the same. */
function hueFor(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193);
  return HUES[(hash >>> 0) % HUES.length] ?? 250;
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0]];
  return letters
    .map((word) => (word ? (Array.from(word)[0] ?? '') : ''))
    .join('')
    .toUpperCase();
}

/** A round picture, or coloured initials when there is none. Decorative: the name is nearby. */
export function Avatar({ name, url, size = 32, online }: AvatarProps) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4), ['--avatar-hue' as string]: hueFor(name) };
  return (
    <span className="avatar" style={style} aria-hidden="true">
      {/* Initials are generated content (CSS attr()), not text: the name beside them is what a button or a voice command says. */}
      {url ? <img src={url} alt="" width={size} height={size} /> : <span className="avatar-initials" data-initials={initials(name)} />}
      {online !== undefined && <span className={online ? 'presence-dot online' : 'presence-dot'} />}
    </span>
  );
}
