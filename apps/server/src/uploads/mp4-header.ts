import { open, type FileHandle } from 'node:fs/promises';

/** What an MP4 or QuickTime file's `moov` box says about it. */
export interface Mp4Header {
  /** from `mvhd`; null when it is 0 (fragmented files, such as live recordings, leave it so) */
  durationMs: number | null;
  /** the first video track's display size, rotation applied; null when the file has no video track */
  video: { width: number; height: number } | null;
}

/** A `moov` bigger than this is not read: that is hours of index, and the player reads it anyway. */
const MAX_MOOV_BYTES = 16 * 1024 * 1024;

class Mp4HeaderError extends Error {
  override name = 'Mp4HeaderError';
}

/**
 * Reads only the box headers of the top level and the `moov` box itself (ISO/IEC 14496-12), so
 * a large file costs a few small reads wherever its `moov` sits (front or end).
 */
export async function readMp4Header(path: string): Promise<Mp4Header> {
  const file = await open(path, 'r');
  try {
    const moov = await findTopLevelBox(file, 'moov');
    if (!moov) throw new Mp4HeaderError('no moov box');
    return parseMoov(moov);
  } finally {
    await file.close();
  }
}

async function findTopLevelBox(file: FileHandle, type: string): Promise<Buffer | null> {
  const { size: fileSize } = await file.stat();
  const header = Buffer.alloc(16);
  let offset = 0;
  while (offset + 8 <= fileSize) {
    const { bytesRead } = await file.read(header, 0, 16, offset);
    if (bytesRead < 8) return null;
    let size = header.readUInt32BE(0);
    let headerSize = 8;
    if (size === 1) {
      if (bytesRead < 16) return null;
      size = Number(header.readBigUInt64BE(8));
      headerSize = 16;
    } else if (size === 0) {
      size = fileSize - offset;
    }
    if (size < headerSize || offset + size > fileSize) throw new Mp4HeaderError(`box at ${offset} runs past the end of the file`);
    if (header.toString('latin1', 4, 8) === type) {
      const bodySize = size - headerSize;
      if (bodySize > MAX_MOOV_BYTES) throw new Mp4HeaderError(`${type} box too large (${bodySize} bytes)`);
      const body = Buffer.alloc(bodySize);
      const read = await file.read(body, 0, bodySize, offset + headerSize);
      if (read.bytesRead < bodySize) throw new Mp4HeaderError(`${type} box cut short`);
      return body;
    }
    offset += size;
  }
  return null;
}

/** The child boxes of a container box's body, as [type, body] pairs. */
function* children(body: Buffer): Generator<[string, Buffer]> {
  let offset = 0;
  while (offset + 8 <= body.length) {
    let size = body.readUInt32BE(offset);
    let headerSize = 8;
    if (size === 1) {
      if (offset + 16 > body.length) return;
      size = Number(body.readBigUInt64BE(offset + 8));
      headerSize = 16;
    } else if (size === 0) {
      size = body.length - offset;
    }
    if (size < headerSize || offset + size > body.length) throw new Mp4HeaderError('a box runs past the end of its parent');
    yield [body.toString('latin1', offset + 4, offset + 8), body.subarray(offset + headerSize, offset + size)];
    offset += size;
  }
}

const child = (body: Buffer, type: string) => {
  for (const [childType, childBody] of children(body)) if (childType === type) return childBody;
  return undefined;
};

function parseMoov(moov: Buffer): Mp4Header {
  const mvhd = child(moov, 'mvhd');
  if (!mvhd || mvhd.length < 32) throw new Mp4HeaderError('no mvhd box');
  const version = mvhd.readUInt8(0);
  const timescale = version === 1 ? mvhd.readUInt32BE(20) : mvhd.readUInt32BE(12);
  const duration = version === 1 ? Number(mvhd.readBigUInt64BE(24)) : mvhd.readUInt32BE(16);
  const durationMs = timescale > 0 && duration > 0 ? Math.round((duration / timescale) * 1000) : null;

  let video: Mp4Header['video'] = null;
  for (const [type, trak] of children(moov)) {
    if (type !== 'trak') continue;
    const handler = child(child(trak, 'mdia') ?? Buffer.alloc(0), 'hdlr');
    if (!handler || handler.length < 12 || handler.toString('latin1', 8, 12) !== 'vide') continue;
    const tkhd = child(trak, 'tkhd');
    if (tkhd) video = trackDisplaySize(tkhd);
    if (video) break;
  }
  return { durationMs, video };
}

/** tkhd's width and height (16.16 fixed point), swapped when its matrix turns the picture by 90°. */
function trackDisplaySize(tkhd: Buffer): Mp4Header['video'] {
  const matrixAt = tkhd.readUInt8(0) === 1 ? 52 : 40;
  if (tkhd.length < matrixAt + 44) return null;
  const width = Math.round(tkhd.readUInt32BE(matrixAt + 36) / 65536);
  const height = Math.round(tkhd.readUInt32BE(matrixAt + 40) / 65536);
  if (width === 0 || height === 0) return null;
  const a = tkhd.readInt32BE(matrixAt);
  const b = tkhd.readInt32BE(matrixAt + 4);
  const quarterTurn = a === 0 && b !== 0;
  return quarterTurn ? { width: height, height: width } : { width, height };
}
