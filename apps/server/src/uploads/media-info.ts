import type { IAudioMetadata } from 'music-metadata';
import { readMp4Header } from './mp4-header.js';

/** What a video or audio file's own headers say; every field is null when they do not say it. */
export interface MediaInfo {
  durationMs: number | null;
  width: number | null;
  height: number | null;
  /** null when the headers could not be read at all */
  hasVideo: boolean | null;
}

export const NO_MEDIA_INFO: MediaInfo = { durationMs: null, width: null, height: null, hasVideo: null };

/** ISO base media files: their `moov` box is read directly, which also gives a video track's size. */
const ISO_BMFF = new Set(['video/mp4', 'video/quicktime', 'audio/mp4']);

// A day of media is far past any upload limit; anything longer is a corrupt header, not a length.
const MAX_DURATION_MS = 24 * 60 * 60 * 1000;
const MAX_SIDE_PX = 16_384;

// Loaded on the first media upload, like sharp and file-type, so start-up does not pay for it.
let musicMetadata: Promise<typeof import('music-metadata')> | undefined;
const loadMusicMetadata = () => (musicMetadata ??= import('music-metadata'));

/**
 * Reads a media file's length (and a video's size) from its headers, in this process: no
 * external program ever runs on an upload. Throws when the headers cannot be parsed; the
 * caller stores the file without these facts.
 */
export async function readMediaInfo(path: string, mime: string): Promise<MediaInfo> {
  if (ISO_BMFF.has(mime)) {
    const header = await readMp4Header(path);
    return sane({
      durationMs: header.durationMs,
      width: header.video?.width ?? null,
      height: header.video?.height ?? null,
      hasVideo: header.video !== null,
    });
  }
  const { parseFile } = await loadMusicMetadata();
  // skipCovers: embedded album art is never shown, so it is not read into memory either
  const metadata = await parseFile(path, { skipCovers: true, duration: false });
  return sane(fromMusicMetadata(metadata));
}

function fromMusicMetadata({ format }: IAudioMetadata): MediaInfo {
  const video = format.trackInfo.find((track) => track.video)?.video;
  // Matroska's display size is in pixels unless DisplayUnit says otherwise (then it is only a ratio)
  const displayInPixels = (video?.displayUnit ?? 0) === 0;
  const width = (displayInPixels ? video?.displayWidth : undefined) ?? video?.pixelWidth ?? null;
  const height = (displayInPixels ? video?.displayHeight : undefined) ?? video?.pixelHeight ?? null;
  return {
    durationMs: format.duration === undefined ? null : Math.round(format.duration * 1000),
    width,
    height,
    hasVideo: format.hasVideo ?? video !== undefined,
  };
}

/** Drops values no real file has, so a crafted header cannot put nonsense in a message. */
function sane(info: MediaInfo): MediaInfo {
  const side = (value: number | null) => (value !== null && Number.isInteger(value) && value > 0 && value <= MAX_SIDE_PX ? value : null);
  const width = side(info.width);
  const height = side(info.height);
  const { durationMs } = info;
  return {
    durationMs: durationMs !== null && Number.isFinite(durationMs) && durationMs > 0 && durationMs <= MAX_DURATION_MS ? durationMs : null,
    width: width !== null && height !== null ? width : null,
    height: width !== null && height !== null ? height : null,
    hasVideo: info.hasVideo,
  };
}
