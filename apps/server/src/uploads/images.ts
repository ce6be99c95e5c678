import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type sharp from 'sharp';
import { removeQuietly, type ReceivedFile } from './storage.js';

export interface ProcessedImage {
  /** the re-encoded image, orientation applied, every metadata block (EXIF, GPS, XMP, comments) dropped */
  file: ReceivedFile;
  /** a still WebP no larger than the preview size on either side */
  previewPath: string;
  width: number;
  height: number;
}

export class UnreadableImageError extends Error {
  override name = 'UnreadableImageError';
}

export interface ImageLimits {
  maxPixels: number;
  previewPx: number;
}

type Sharp = ReturnType<typeof sharp>;

// sharp (libvips) is the heaviest module the server has; it loads on the first image, not at start.
let sharpModule: Promise<typeof sharp> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((module) => module.default));
type OutputInfo = Awaited<ReturnType<Sharp['toBuffer']>>['info'];

const ANIMATED = new Set(['image/gif', 'image/webp']);

/**
 * Decodes and re-encodes an image in its own format. Serving the re-encoded copy rather than
 * the original is what strips location data and breaks most polyglot tricks.
 */
export async function processImage(
  source: string,
  mime: string,
  limits: ImageLimits,
  scratchPath: (suffix: string) => string,
): Promise<ProcessedImage> {
  const previewPath = scratchPath('.preview.webp');
  let encoded: { data: Buffer; info: OutputInfo };
  try {
    const sharp = await loadSharp();
    encoded = await encodeAs(sharp(source, { animated: ANIMATED.has(mime), limitInputPixels: limits.maxPixels }).rotate(), mime).toBuffer({
      resolveWithObject: true,
    });
    await sharp(source, { limitInputPixels: limits.maxPixels })
      .rotate()
      .resize(limits.previewPx, limits.previewPx, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(previewPath);
  } catch (error) {
    await removeQuietly(previewPath);
    throw new UnreadableImageError(error instanceof Error ? error.message : String(error));
  }

  const outputPath = scratchPath('.out');
  try {
    await writeFile(outputPath, encoded.data, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    await Promise.all([removeQuietly(outputPath), removeQuietly(previewPath)]);
    throw error;
  }
  return {
    file: { path: outputPath, size: encoded.data.length, sha256: createHash('sha256').update(encoded.data).digest('hex') },
    previewPath,
    width: encoded.info.width,
    // an animation's height is the height of all frames stacked
    height: encoded.info.pageHeight ?? encoded.info.height,
  };
}

function encodeAs(image: Sharp, mime: string): Sharp {
  switch (mime) {
    case 'image/png':
      return image.png();
    case 'image/jpeg':
      return image.jpeg({ quality: 90 });
    case 'image/gif':
      return image.gif();
    default:
      return image.webp({ quality: 90 });
  }
}
