/**
 * Returns the MP4 with `padding` zero bytes inside its media data, just before the first chunk
 * in the second half. Every chunk offset from there on moves by the padding, so the file plays
 * the same; but a player seeking into the second half needs bytes far past what it read at
 * first, which makes it ask for a Range. The fixture stays a few KB in the repository.
 * Expects `moov` before `mdat` and 32-bit chunk offsets (`stco`), as ffmpeg's +faststart writes.
 */
export function padMp4(source: Buffer, padding: number): Buffer {
  const top = boxesIn(source, 0, source.length);
  const moov = top.find((box) => box.type === 'moov');
  const mdat = top.find((box) => box.type === 'mdat');
  if (!moov || !mdat || moov.start > mdat.start) throw new Error('padMp4 needs moov before mdat');

  const tables = chunkOffsetTables(source, moov);
  const offsets = tables.flatMap((table) => table.entries.map((at) => source.readUInt32BE(at)));
  const middle = mdat.start + 8 + (mdat.size - 8) / 2;
  const split = Math.min(...offsets.filter((offset) => offset >= middle));
  if (!Number.isFinite(split)) throw new Error('padMp4 found no chunk in the second half');

  const padded = Buffer.concat([source.subarray(0, split), Buffer.alloc(padding), source.subarray(split)]);
  padded.writeUInt32BE(mdat.size + padding, mdat.start);
  for (const table of tables) {
    for (const at of table.entries) {
      const offset = source.readUInt32BE(at);
      if (offset >= split) padded.writeUInt32BE(offset + padding, at);
    }
  }
  return padded;
}

interface Box {
  type: string;
  start: number;
  size: number;
}

function boxesIn(buffer: Buffer, from: number, to: number): Box[] {
  const boxes: Box[] = [];
  for (let at = from; at + 8 <= to;) {
    const size = buffer.readUInt32BE(at);
    if (size < 8) throw new Error('padMp4 handles 32-bit box sizes only');
    boxes.push({ type: buffer.toString('latin1', at + 4, at + 8), start: at, size });
    at += size;
  }
  return boxes;
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

/** The byte positions of every entry of every `stco` under `box`. */
function chunkOffsetTables(buffer: Buffer, box: Box): { entries: number[] }[] {
  if (box.type === 'stco') {
    const count = buffer.readUInt32BE(box.start + 12);
    return [{ entries: Array.from({ length: count }, (_, i) => box.start + 16 + i * 4) }];
  }
  if (!CONTAINERS.has(box.type)) return [];
  return boxesIn(buffer, box.start + 8, box.start + box.size).flatMap((child) => chunkOffsetTables(buffer, child));
}
