import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../fixtures/images.js';
import { startServer, type TestServer } from '../harness.js';
import { fetchAs, uploadOk, type UploadJson } from './helpers.js';

let server: TestServer;
let token: string;
let big: UploadJson;
const bytes = randomBytes(300 * 1024);
beforeAll(async () => {
  server = await startServer();
  ({ token } = await server.signUp());
  big = await uploadOk(server, token, bytes, 'recording.bin');
});
afterAll(() => server.close());

describe('headers every served file carries', () => {
  it('an image: its detected type, nosniff, a sandboxing CSP, private caching, an ETag and inline disposition', async () => {
    const upload = await uploadOk(server, token, await pngImage(), 'diagram.png');
    const response = await fetchAs(server, token, upload.url);
    const h = Object.fromEntries(response.headers);
    expect(h).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      'cache-control': 'private, max-age=3600',
      'accept-ranges': 'bytes',
      'content-disposition': `inline; filename="diagram.png"; filename*=UTF-8''diagram.png`,
      'content-length': String(upload.size),
    });
    expect(h.etag).toMatch(/^"[0-9a-f]{64}"$/);
  });

  it('any other file is an attachment', async () => {
    const response = await fetchAs(server, token, big.url);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="recording.bin"/);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });
});

describe('conditional and range requests', () => {
  it('If-None-Match with the ETag gets 304 and no body; a stale ETag gets the file', async () => {
    const first = await fetchAs(server, token, big.url);
    const etag = first.headers.get('etag') ?? '';
    await first.arrayBuffer();
    const again = await fetchAs(server, token, big.url, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    expect((await fetchAs(server, token, big.url, { 'if-none-match': `W/${etag}, "other"` })).status).toBe(304);
    const stale = await fetchAs(server, token, big.url, { 'if-none-match': '"stale"' });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it('the preview has its own ETag and revalidates too', async () => {
    const upload = await uploadOk(server, token, await pngImage(), 'p.png');
    const preview = await fetchAs(server, token, upload.previewUrl ?? '');
    const etag = preview.headers.get('etag') ?? '';
    expect(etag).not.toBe((await fetchAs(server, token, upload.url)).headers.get('etag'));
    expect((await fetchAs(server, token, upload.previewUrl ?? '', { 'if-none-match': etag })).status).toBe(304);
  });

  it('a byte range gets 206 with exactly those bytes', async () => {
    const response = await fetchAs(server, token, big.url, { range: 'bytes=1000-1999' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(response.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
  });

  it('open-ended and suffix ranges work, and a range past the end is clamped', async () => {
    const tail = await fetchAs(server, token, big.url, { range: `bytes=${bytes.length - 10}-` });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
    const suffix = await fetchAs(server, token, big.url, { range: 'bytes=-5' });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(bytes.length - 5))).toBe(true);
    const clamped = await fetchAs(server, token, big.url, { range: `bytes=${bytes.length - 3}-${bytes.length + 100}` });
    expect(clamped.headers.get('content-range')).toBe(`bytes ${bytes.length - 3}-${bytes.length - 1}/${bytes.length}`);
    await clamped.arrayBuffer();
  });

  it('a range that starts past the end gets 416; a malformed or multi-part range gets the whole file', async () => {
    const past = await fetchAs(server, token, big.url, { range: `bytes=${bytes.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    await past.arrayBuffer();
    for (const range of ['bytes=abc', 'bytes=0-1,5-6', 'items=0-1']) {
      const whole = await fetchAs(server, token, big.url, { range });
      expect(whole.status).toBe(200);
      expect((await whole.arrayBuffer()).byteLength).toBe(bytes.length);
    }
  });

  it('If-Range with a different ETag gets the whole file instead of a range', async () => {
    const response = await fetchAs(server, token, big.url, { range: 'bytes=0-9', 'if-range': '"changed"' });
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(bytes.length);
  });

  it('a range request from someone without access still gets 404', async () => {
    const { token: other } = await server.signUp();
    expect((await fetchAs(server, other, big.url, { range: 'bytes=0-9' })).status).toBe(404);
  });
});
