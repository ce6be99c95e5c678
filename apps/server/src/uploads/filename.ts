/** Longest display name we keep, in characters. */
const MAX_NAME_LENGTH = 200;

/**
 * Browsers and fetch write `"` as %22 and line breaks as %0D / %0A in a multipart filename
 * (the HTML spec's escaping), and busboy hands them over as is; this undoes that.
 */
export function unescapeFormFilename(raw: string | undefined): string | undefined {
  return raw?.replace(/%22/g, '"').replace(/%0D|%0A/gi, '');
}

/**
 * The client's filename reduced to something safe to show and to put in Content-Disposition:
 * no directories, no control or bidi-override characters, no leading dots. It is never a path.
 */
export function safeDisplayName(raw: string | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  const chars = [...cleaned];
  if (chars.length === 0) return fallback;
  if (chars.length <= MAX_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return chars.slice(0, MAX_NAME_LENGTH - extension.length).join('') + extension;
}

/** `inline` or `attachment` with an ASCII fallback name and the exact name RFC 5987-encoded. */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/webm': 'webm',
};

/** The name to show when the client sent none we can use (`image.png`, `video.mp4`, `audio.ogg`, ...). */
export function fallbackName(mime: string): string {
  const extension = EXTENSIONS[mime];
  return extension ? `${mime.split('/')[0]}.${extension}` : 'file';
}
