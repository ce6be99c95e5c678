import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlPage, jpegWithGps, pngImage, svgImage } from '../fixtures/images.js';
import http from 'node:http';
import { startServer, waitFor, type TestServer } from '../harness.js';
import { fetchAs, filesOnDisk, postFile, uploadOk, uploadRows, type ErrorJson } from './helpers.js';

const MAX_BYTES = 64 * 1024;
let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startServer({ env: { UPLOAD_MAX_BYTES: String(MAX_BYTES) } });
  ({ token } = await server.signUp('Olek'));
});
afterAll(() => server.close());

/** disk and database agree: every stored file has a row, nothing is left in the scratch folder */
function expectConsistent() {
  const rows = uploadRows(server);
  const files = filesOnDisk(server);
  expect(files.filter((file) => file.startsWith('tmp'))).toEqual([]);
  const expected = rows.flatMap((row) => {
    const main = `${row.id.slice(0, 2)}/${row.id}`;
    return row.hasPreview ? [main, `${main}.preview.webp`] : [main];
  });
  expect(files.sort()).toEqual(expected.sort());
}

describe('active content is never served as such', () => {
  for (const [what, bytes] of [
    ['HTML', htmlPage],
    ['SVG', svgImage],
  ] as const) {
    it(`${what} disguised as a .png is stored as a download, never served inline or as markup`, async () => {
      const upload = await uploadOk(server, token, bytes, 'cute-cat.png', 'image/png');
      expect(upload).toMatchObject({ mime: 'application/octet-stream', width: null, height: null, previewUrl: null });

      const response = await fetchAs(server, token, upload.url);
      expect(response.status).toBe(200);
      const type = response.headers.get('content-type') ?? '';
      expect(type).toBe('application/octet-stream');
      expect(type).not.toMatch(/html|svg|xml/);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="cute-cat.png"/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
      expect((await fetchAs(server, token, `${upload.url}/preview`)).status).toBe(404);
    });
  }

  it('a non-image file cannot become an avatar', async () => {
    const { client, token: own } = await server.signUp();
    const upload = await uploadOk(server, own, htmlPage, 'me.png', 'image/png');
    await expect(client.user.updateProfile.mutate({ avatarUploadId: upload.id })).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST' },
    });
  });
});

describe('names from the client are only ever display names', () => {
  it('a path-traversal filename is stored under a generated name and downloaded under a sanitized one', async () => {
    const upload = await uploadOk(server, token, Buffer.from('root:x:0:0'), '../../etc/passwd');
    expect(upload.name).toBe('passwd');
    expect(upload.id).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(filesOnDisk(server)).toContain(`${upload.id.slice(0, 2)}/${upload.id}`);
    expect(filesOnDisk(server).some((file) => file.includes('passwd'))).toBe(false);
    const response = await fetchAs(server, token, upload.url);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="passwd"; filename*=UTF-8''passwd`);
    expectConsistent();
  });

  it('a name with quotes, control characters and non-ASCII letters is encoded safely (RFC 5987)', async () => {
    // FormData sends " as %22 and line breaks as %0D%0A (the HTML spec's escaping); the server undoes it.
    const upload = await uploadOk(server, token, Buffer.from('hello'), 'rapport "final"\r\n\u202Eé.txt');
    expect(upload.name).toBe('rapport "final"é.txt');
    const disposition = (await fetchAs(server, token, upload.url)).headers.get('content-disposition');
    expect(disposition).toBe(`attachment; filename="rapport _final__.txt"; filename*=UTF-8''rapport%20%22final%22%C3%A9.txt`);
  });

  it('an upload with no usable name gets a generic one', async () => {
    expect((await uploadOk(server, token, await pngImage(), '...')).name).toBe('image.png');
  });
});

describe('refused uploads leave nothing behind', () => {
  it('an oversize file gets 413 and leaves no file on disk and no row', async () => {
    const before = uploadRows(server).length;
    const response = await postFile(server, token, Buffer.alloc(MAX_BYTES + 1, 7), 'big.bin');
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorJson).message).toMatch(/larger than the 0.1 MB limit/);
    expect(uploadRows(server).length).toBe(before);
    expectConsistent();
  });

  it('a file of exactly the limit is accepted', async () => {
    const upload = await uploadOk(server, token, Buffer.alloc(MAX_BYTES, 1), 'exact.bin');
    expect(upload.size).toBe(MAX_BYTES);
    expectConsistent();
  });

  it('a damaged image (a PNG cut short) gets 415 and leaves nothing behind', async () => {
    const before = uploadRows(server).length;
    const png = await pngImage();
    const damaged = png.subarray(0, png.length - 20);
    const response = await postFile(server, token, damaged, 'broken.png', 'image/png');
    expect(response.status).toBe(415);
    expect(uploadRows(server).length).toBe(before);
    expectConsistent();
  });

  it('an image with more pixels than allowed is refused before decoding', async () => {
    const small = await startServer({ env: { UPLOAD_MAX_PIXELS: '10000' } });
    try {
      const { token: own } = await small.signUp();
      const response = await postFile(small, own, await jpegWithGps(200, 100), 'wide.jpg');
      expect(response.status).toBe(415);
      expect((await postFile(small, own, await pngImage(100, 100), 'ok.png')).status).toBe(201);
    } finally {
      await small.close();
    }
  });

  it('an empty file is refused with 400', async () => {
    const response = await postFile(server, token, Buffer.alloc(0), 'empty.txt');
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorJson).message).toBe('The file is empty.');
    expectConsistent();
  });

  it('a request that is not multipart, or has no file, is refused with 400', async () => {
    const json = await fetch(`${server.url}/api/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ file: 'x' }),
    });
    expect(json.status).toBe(400);
    const form = new FormData();
    form.append('note', 'no file here');
    const noFile = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as ErrorJson).message).toMatch(/No file/);
  });

  it('a form with two files, or too many fields, is refused with 400 and stores nothing', async () => {
    const before = uploadRows(server).length;
    const two = new FormData();
    two.append('file', new Blob(['one']), 'a.txt');
    two.append('other', new Blob(['two']), 'b.txt');
    const twoFiles = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: two });
    expect(twoFiles.status).toBe(400);
    expect(((await twoFiles.json()) as ErrorJson).message).toBe('Send one file per upload.');

    const crowded = new FormData();
    for (let i = 0; i < 10; i++) crowded.append(`field${i}`, 'x');
    crowded.append('file', new Blob(['three']), 'c.txt');
    const tooManyFields = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: crowded });
    expect(tooManyFields.status).toBe(400);
    expect(uploadRows(server).length).toBe(before);
    expectConsistent();
  });

  it('an upload the client abandons halfway leaves no file behind', async () => {
    const before = uploadRows(server).length;
    const boundary = 'confab-test-boundary';
    const request = http.request(`${server.url}/api/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    request.on('error', () => {}); // the socket hang-up we cause below
    request.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.bin"\r\n\r\n`);
    request.write(Buffer.alloc(20_000, 1));
    await waitFor(() => filesOnDisk(server).some((file) => file.startsWith('tmp')), 10_000, 'the upload to start');
    request.destroy();
    await waitFor(() => !filesOnDisk(server).some((file) => file.startsWith('tmp')), 10_000, 'the partial file to be removed');
    expect(uploadRows(server).length).toBe(before);
    expectConsistent();
  });

  it('a signed-out upload gets 401 and stores nothing', async () => {
    const before = uploadRows(server).length;
    const response = await postFile(server, null, await pngImage(), 'a.png');
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorJson).message).toBe('Sign in to upload files.');
    const badToken = await postFile(server, 'not-a-token', await pngImage(), 'a.png');
    expect(badToken.status).toBe(401);
    expect(uploadRows(server).length).toBe(before);
    expectConsistent();
  });

  it('a revoked session can no longer upload', async () => {
    const { client, token: own } = await server.signUp();
    await client.auth.logout.mutate();
    expect((await postFile(server, own, await pngImage(), 'a.png')).status).toBe(401);
  });
});

describe('per-user storage quota', () => {
  it('an upload past the quota gets 413 with a clear message and stores nothing; other users are unaffected', async () => {
    const quota = await startServer({ env: { UPLOAD_QUOTA_BYTES: '1000' } });
    try {
      const { token: ana } = await quota.signUp();
      const { token: ben } = await quota.signUp();
      await uploadOk(quota, ana, Buffer.alloc(600, 1), 'first.bin');
      const refused = await postFile(quota, ana, Buffer.alloc(600, 2), 'second.bin');
      expect(refused.status).toBe(413);
      expect(((await refused.json()) as ErrorJson).message).toMatch(/storage quota \(600 B of 1000 B used\)/);
      expect(filesOnDisk(quota)).toHaveLength(1);
      expect(uploadRows(quota)).toHaveLength(1);
      await uploadOk(quota, ana, Buffer.alloc(400, 3), 'fits.bin');
      await uploadOk(quota, ben, Buffer.alloc(600, 4), 'bens.bin');

      // Two uploads at once cannot both squeeze under the quota.
      const { token: cid } = await quota.signUp();
      const statuses = await Promise.all([1, 2, 3].map((n) => postFile(quota, cid, Buffer.alloc(450, n), `${n}.bin`).then((r) => r.status)));
      expect(statuses.sort()).toEqual([201, 201, 413]);
      expect(filesOnDisk(quota)).toHaveLength(5);
      expect(uploadRows(quota)).toHaveLength(5);
    } finally {
      await quota.close();
    }
  });
});

describe('rate limit', () => {
  it('a user who uploads too fast gets 429 with Retry-After; the next user is unaffected', async () => {
    const { token: busy } = await server.signUp();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await postFile(server, busy, Buffer.from(`n${i}`), `${i}.txt`)).status);
    expect(statuses.slice(0, 30).every((status) => status === 201)).toBe(true);
    const limited = await postFile(server, busy, Buffer.from('more'), 'more.txt');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const { token: calm } = await server.signUp();
    expect((await postFile(server, calm, Buffer.from('hi'), 'hi.txt')).status).toBe(201);
    expectConsistent();
  });
});
