import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { animatedGif, animatedWebp, jpegWithGps, pngImage, sidewaysJpeg, webpImage } from '../fixtures/images.js';
import { startServer, type TestServer } from '../harness.js';
import { fetchAs, uploadOk, uploadRows } from './helpers.js';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startServer();
  ({ token } = await server.signUp('Ines'));
});
afterAll(() => server.close());

describe('images are accepted with their dimensions and a preview', () => {
  const cases = [
    { kind: 'PNG', make: () => pngImage(64, 48), mime: 'image/png', format: 'png', width: 64, height: 48 },
    { kind: 'JPEG', make: () => jpegWithGps(1200, 800), mime: 'image/jpeg', format: 'jpeg', width: 1200, height: 800 },
    { kind: 'GIF', make: () => animatedGif(30, 20), mime: 'image/gif', format: 'gif', width: 30, height: 20 },
    { kind: 'WebP', make: () => webpImage(50, 40), mime: 'image/webp', format: 'webp', width: 50, height: 40 },
  ];

  for (const c of cases) {
    it(`a ${c.kind} comes back as ${c.mime}, ${c.width}x${c.height}, served inline with a WebP preview`, async () => {
      // The client's name and claimed type say nothing true: the server reads the bytes.
      const upload = await uploadOk(server, token, await c.make(), 'picture.dat', 'text/plain');
      expect(upload).toMatchObject({ mime: c.mime, width: c.width, height: c.height, name: 'picture.dat' });
      expect(upload.url).toBe(`/uploads/${upload.id}`);
      expect(upload.previewUrl).toBe(`/uploads/${upload.id}/preview`);

      const file = await fetchAs(server, token, upload.url);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe(c.mime);
      expect(file.headers.get('content-disposition')).toMatch(/^inline; /);
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(bytes.length).toBe(upload.size);
      expect((await sharp(bytes).metadata()).format).toBe(c.format);

      const preview = await fetchAs(server, token, upload.previewUrl ?? '');
      expect(preview.status).toBe(200);
      expect(preview.headers.get('content-type')).toBe('image/webp');
      const previewMeta = await sharp(Buffer.from(await preview.arrayBuffer())).metadata();
      expect(previewMeta.format).toBe('webp');
      expect(Math.max(previewMeta.width ?? 0, previewMeta.height ?? 0)).toBeLessThanOrEqual(640);
    });
  }

  it('a large photo gets a preview at most 640 px on its longest side, keeping its aspect ratio', async () => {
    const upload = await uploadOk(server, token, await jpegWithGps(1200, 800), 'holiday.jpg', 'image/jpeg');
    const preview = await fetchAs(server, token, upload.previewUrl ?? '');
    const meta = await sharp(Buffer.from(await preview.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([640, 427]);
  });

  it('animated GIFs and WebPs stay animated, with the size of one frame', async () => {
    for (const make of [animatedGif, animatedWebp]) {
      const upload = await uploadOk(server, token, await make(30, 20), 'wave');
      expect([upload.width, upload.height]).toEqual([30, 20]);
      const served = Buffer.from(await (await fetchAs(server, token, upload.url)).arrayBuffer());
      expect((await sharp(served, { animated: true }).metadata()).pages).toBe(2);
    }
  });

  it('a sideways phone photo is served upright, with its dimensions swapped to match', async () => {
    const upload = await uploadOk(server, token, await sidewaysJpeg(40, 20), 'portrait.jpg');
    expect([upload.width, upload.height]).toEqual([20, 40]);
    const served = await sharp(Buffer.from(await (await fetchAs(server, token, upload.url)).arrayBuffer())).metadata();
    expect([served.width, served.height, served.orientation]).toEqual([20, 40, undefined]);
    const preview = await sharp(Buffer.from(await (await fetchAs(server, token, upload.previewUrl ?? '')).arrayBuffer())).metadata();
    expect([preview.width, preview.height]).toEqual([20, 40]);
  });
});

describe('what is served carries no EXIF or GPS', () => {
  it('a phone photo with GPS coordinates is served, and previewed, without any EXIF', async () => {
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();

    const upload = await uploadOk(server, token, original, 'IMG_0001.jpg', 'image/jpeg');
    const served = Buffer.from(await (await fetchAs(server, token, upload.url)).arrayBuffer());
    const preview = Buffer.from(await (await fetchAs(server, token, upload.previewUrl ?? '')).arrayBuffer());
    for (const bytes of [served, preview]) {
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
    }
    expect(served.includes(Buffer.from('ConfabCam'))).toBe(false);
  });

  it('the recorded sha256 is that of the served bytes, and is the ETag', async () => {
    const upload = await uploadOk(server, token, await pngImage(), 'a.png', 'image/png');
    const response = await fetchAs(server, token, upload.url);
    const sha256 = createHash('sha256')
      .update(Buffer.from(await response.arrayBuffer()))
      .digest('hex');
    expect(response.headers.get('etag')).toBe(`"${sha256}"`);
    expect(uploadRows(server).find((row) => row.id === upload.id)?.sha256).toBe(sha256);
  });
});
