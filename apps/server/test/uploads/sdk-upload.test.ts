import { writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadError, type UploadProgress } from '@confab/sdk';
import { pngImage, webpImage } from '../fixtures/images.js';
import { startServer, type TestServer } from '../harness.js';
import { fetchAs } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { UPLOAD_MAX_BYTES: String(256 * 1024) } });
});
afterAll(() => server.close());

describe('client.upload', () => {
  it('uploads a Blob, a File, a Buffer, a Uint8Array and an ArrayBuffer, naming each sensibly', async () => {
    const { client } = await server.signUp();
    const png = await pngImage(40, 30);

    const fromBlob = await client.upload(new Blob([new Uint8Array(png)]), { filename: 'blob.png' });
    expect(fromBlob).toMatchObject({ name: 'blob.png', mime: 'image/png', width: 40, height: 30 });

    const fromFile = await client.upload(new File([new Uint8Array(png)], 'from-file.png'));
    expect(fromFile.name).toBe('from-file.png');

    const fromBuffer = await client.upload(png);
    expect(fromBuffer).toMatchObject({ name: 'file', mime: 'image/png' });

    const fromBytes = await client.upload(new Uint8Array(await webpImage()), { filename: 'bytes.webp' });
    expect(fromBytes).toMatchObject({ name: 'bytes.webp', mime: 'image/webp' });

    const webp = await webpImage();
    const fromArrayBuffer = await client.upload(webp.buffer.slice(webp.byteOffset, webp.byteOffset + webp.byteLength), { filename: 'ab.webp' });
    expect(fromArrayBuffer).toMatchObject({ name: 'ab.webp', mime: 'image/webp', width: 50, height: 40 });
  });

  it('uploads a file from a path, named after it, and reports progress up to the whole body', async () => {
    const { client, token } = await server.signUp();
    const file = path.join(server.dataDir, 'holiday photo.jpg');
    writeFileSync(
      file,
      await sharp({ create: { width: 900, height: 600, channels: 3, background: '#abcdef' } })
        .jpeg()
        .toBuffer(),
    );
    const progress: UploadProgress[] = [];
    const result = await client.upload(file, { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ name: 'holiday photo.jpg', mime: 'image/jpeg', width: 900, height: 600 });
    expect(progress.length).toBeGreaterThan(1);
    const last = progress.at(-1);
    expect(last?.loaded).toBe(last?.total);
    expect(progress.every((p, i) => i === 0 || p.loaded >= (progress[i - 1]?.loaded ?? 0))).toBe(true);
    expect((await fetchAs(server, token, result.url)).status).toBe(200);
  });

  it('a refused upload throws an UploadError with the status and the server message', async () => {
    const { client } = await server.signUp();
    const error = await client.upload(new Uint8Array(256 * 1024 + 1), { filename: 'big.bin' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect(error).toMatchObject({ status: 413, message: 'The file is larger than the 0.3 MB limit.' });
  });

  it('a signed-out client gets a 401 UploadError', async () => {
    const error = await server
      .client()
      .upload(await pngImage(), { filename: 'a.png' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect(error).toMatchObject({ status: 401, message: 'Sign in to upload files.' });
  });

  it('a missing path fails before anything is sent', async () => {
    const { client } = await server.signUp();
    await expect(client.upload(path.join(server.dataDir, 'no-such-file.png'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
