import type { FileTypeResult } from 'file-type';

/** Images we decode, re-encode without metadata, preview and serve inline. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * Binary formats kept under their own type (still served as downloads). Anything else, such as
 * HTML, SVG, XML, scripts or text that only claims to be an image, is stored and served as
 * application/octet-stream, so no browser ever renders it as active content.
 */
const DOWNLOAD_TYPES = new Set([
  'application/pdf',
  'application/zip',
  'application/gzip',
  'application/x-tar',
  'application/x-7z-compressed',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

/**
 * Video and audio: still served as attachments, but their headers are read for a duration (and a
 * video's size), and the web client plays them in place when the browser can decode them.
 */
const VIDEO_TYPES = new Set(['video/mp4', 'video/webm', 'video/ogg', 'video/quicktime']);
const AUDIO_TYPES = new Set(['audio/mpeg', 'audio/ogg', 'audio/wav', 'audio/flac', 'audio/aac', 'audio/mp4', 'audio/webm']);

/** file-type's names for a few formats that browsers and everyone else know by their plain type */
const ALIASES: Record<string, string> = {
  'audio/x-m4a': 'audio/mp4',
  'audio/ogg; codecs=opus': 'audio/ogg',
  'video/x-m4v': 'video/mp4',
};

const OCTET_STREAM = 'application/octet-stream';

export type StoredKind = { kind: 'image' | 'media' | 'download'; mime: string };

/** What we store a file as, from its magic bytes alone (the client's type and name are ignored). */
export function classify(detected: FileTypeResult | undefined): StoredKind {
  if (!detected) return { kind: 'download', mime: OCTET_STREAM };
  const mime = ALIASES[detected.mime] ?? detected.mime;
  if (IMAGE_TYPES.has(mime)) return { kind: 'image', mime };
  if (VIDEO_TYPES.has(mime) || AUDIO_TYPES.has(mime)) return { kind: 'media', mime };
  if (DOWNLOAD_TYPES.has(mime)) return { kind: 'download', mime };
  return { kind: 'download', mime: OCTET_STREAM };
}

/**
 * WebM, MP4 and Ogg are containers: file-type calls them video, but a voice memo recorded in a
 * browser is a WebM with only a sound track. Once the headers say there is no video, it is audio.
 */
export function audioOnly(mime: string): string {
  const audio = mime.replace(/^video\//, 'audio/');
  return mime !== audio && AUDIO_TYPES.has(audio) ? audio : mime;
}

export const isInlineImage = (mime: string) => IMAGE_TYPES.has(mime);
