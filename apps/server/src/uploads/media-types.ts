import type { FileTypeResult } from 'file-type';

/** Images we decode, re-encode without metadata, preview and serve inline. */
export const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

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
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'audio/flac',
  'audio/mp4',
  'video/mp4',
  'video/webm',
  'video/quicktime',
]);

export const OCTET_STREAM = 'application/octet-stream';

export type StoredKind = { kind: 'image'; mime: string } | { kind: 'download'; mime: string };

/** What we store a file as, from its magic bytes alone (the client's type and name are ignored). */
export function classify(detected: FileTypeResult | undefined): StoredKind {
  if (detected && IMAGE_TYPES.has(detected.mime)) return { kind: 'image', mime: detected.mime };
  if (detected && DOWNLOAD_TYPES.has(detected.mime)) return { kind: 'download', mime: detected.mime };
  return { kind: 'download', mime: OCTET_STREAM };
}

export const isInlineImage = (mime: string) => IMAGE_TYPES.has(mime);
