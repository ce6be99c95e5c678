import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { replyError } from '../http/reply-error.js';

/** Nothing in a served file may run, load, frame or submit anything; inline styles only help SVG-free images render. */
const UPLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

export interface StoredFile {
  path: string;
  mime: string;
  /** a strong validator, quoted */
  etag: string;
  contentDisposition: string;
}

/**
 * Sends a stored file with the headers every upload gets, answering If-None-Match with 304
 * and a single `Range: bytes=…` with 206. Several ranges at once get the whole file (RFC 9110 allows it).
 */
export async function sendStoredFile(request: FastifyRequest, reply: FastifyReply, file: StoredFile) {
  const size = await sizeOf(file.path);
  if (size === null) return replyError(reply, 404, 'No such file.');

  reply
    .header('Content-Security-Policy', UPLOAD_CSP)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'private, max-age=3600')
    .header('ETag', file.etag)
    .header('Accept-Ranges', 'bytes');

  if (matchesEtag(request.headers['if-none-match'], file.etag)) return reply.code(304).send();

  const ifRange = request.headers['if-range'];
  const range = ifRange === undefined || ifRange === file.etag ? parseRange(request.headers.range, size) : null;
  if (range === 'unsatisfiable') {
    return replyError(reply.header('Content-Range', `bytes */${size}`), 416, `The file has ${size} bytes.`);
  }

  reply.header('Content-Type', file.mime).header('Content-Disposition', file.contentDisposition);
  if (range) {
    return reply
      .code(206)
      .header('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
      .header('Content-Length', range.end - range.start + 1)
      .send(createReadStream(file.path, { start: range.start, end: range.end }));
  }
  return reply.header('Content-Length', size).send(size === 0 ? '' : createReadStream(file.path));
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  // If-None-Match uses weak comparison: W/"x" matches "x".
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/** One `bytes=` range, inclusive and clamped to the file; null when absent, malformed or multiple. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
