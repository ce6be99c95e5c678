import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file written to the scratch folder, with what we learnt while streaming it. */
export interface ReceivedFile {
  path: string;
  size: number;
  sha256: string;
}

/**
 * The uploads folder:
 *   <uploadsDir>/<first two characters of id>/<id>           the file as served
 *   <uploadsDir>/<first two characters of id>/<id>.preview.webp  an image's preview
 *   <uploadsDir>/tmp/                                         uploads in flight; emptied at start-up
 * Names on disk are generated ids only; a client's filename never reaches the filesystem.
 */
export class UploadStorage {
  readonly tmpDir: string;

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
  }

  /** Empties the scratch folder: anything there belongs to an upload a crash or restart cut short. */
  async prepare(): Promise<void> {
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
  }

  filePath(id: string): string {
    return path.join(this.root, id.slice(0, 2), id);
  }

  previewPath(id: string): string {
    return `${this.filePath(id)}.preview.webp`;
  }

  /** A fresh, unused path in the scratch folder. */
  scratchPath(suffix = ''): string {
    return path.join(this.tmpDir, `${randomBytes(12).toString('hex')}${suffix}`);
  }

  /** Streams `source` into the scratch folder, hashing and counting as it goes. */
  async receive(source: Readable): Promise<ReceivedFile> {
    const target = this.scratchPath();
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, tap, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await removeQuietly(target);
      throw error;
    }
    return { path: target, size, sha256: hash.digest('hex') };
  }

  /** Moves finished scratch files to their final names under `id`. */
  async place(id: string, file: string, preview: string | null): Promise<void> {
    await mkdir(path.dirname(this.filePath(id)), { recursive: true, mode: 0o700 });
    await rename(file, this.filePath(id));
    if (preview) await rename(preview, this.previewPath(id));
  }

  /** Removes whatever exists of an upload's files (used when recording it fails). */
  async discard(id: string): Promise<void> {
    await Promise.all([removeQuietly(this.filePath(id)), removeQuietly(this.previewPath(id))]);
  }
}

export async function removeQuietly(file: string | null): Promise<void> {
  if (file) await rm(file, { force: true });
}
