import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaFixture, type MediaFixture } from '../fixtures/media.js';
import { startServer, type TestServer } from '../harness.js';
import { fetchAs, uploadOk } from './helpers.js';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startServer();
  ({ token } = await server.signUp());
});
afterAll(() => server.close());

const upload = (name: MediaFixture, bytes = mediaFixture(name)) => uploadOk(server, token, bytes, name, 'application/octet-stream');

describe('a video records its duration and size from its own headers', () => {
  it.each([
    ['clip.mp4', 'video/mp4', 1500, 160, 120],
    ['clip.webm', 'video/webm', 2008, 160, 90],
    ['clip.mov', 'video/quicktime', 1000, 160, 120],
    // Chromium's MediaRecorder writes no duration in the header; the clusters still give it
    ['recorded.webm', 'video/webm', 1440, 128, 96],
  ] as const)('%s is stored as %s, %i ms long, %i×%i', async (name, mime, durationMs, width, height) => {
    const stored = await upload(name);
    expect(stored).toMatchObject({ mime, width, height, previewUrl: null });
    expect(stored.durationMs).toBeGreaterThanOrEqual(durationMs - 30);
    expect(stored.durationMs).toBeLessThanOrEqual(durationMs + 30);
  });

  it('a phone video turned by its track matrix reports the size it is shown at', async () => {
    expect(await upload('rotated.mp4')).toMatchObject({ mime: 'video/mp4', width: 120, height: 160 });
  });
});

describe('audio records its duration', () => {
  it.each([
    ['voice.mp3', 'audio/mpeg', 1254],
    ['voice.ogg', 'audio/ogg', 1500],
    ['voice.m4a', 'audio/mp4', 1800],
    // a voice memo recorded in a browser: a WebM container with only a sound track
    ['voice.webm', 'audio/webm', 1608],
  ] as const)('%s is stored as %s, about %i ms long, with no size', async (name, mime, durationMs) => {
    const stored = await upload(name);
    expect(stored).toMatchObject({ mime, width: null, height: null, previewUrl: null });
    expect(Math.abs((stored.durationMs ?? 0) - durationMs)).toBeLessThanOrEqual(60);
  });
});

describe('media whose headers cannot be read', () => {
  it.each([
    ['clip.webm', 'video/webm'],
    ['clip.mp4', 'video/mp4'],
  ] as const)('a %s cut short is still stored as %s, with no duration or size', async (name, mime) => {
    const stored = await upload(name, mediaFixture(name).subarray(0, 300));
    expect(stored).toMatchObject({ mime, durationMs: null, width: null, height: null });
    const served = await fetchAs(server, token, stored.url);
    expect(served.status).toBe(200);
    expect((await served.arrayBuffer()).byteLength).toBe(300);
  });

  it('images and other files have no duration', async () => {
    const other = await uploadOk(server, token, Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'), 'notes.pdf');
    expect(other.durationMs).toBeNull();
  });
});

describe('media are served as before: attachments that cannot run or be navigated to', () => {
  it('a video keeps nosniff, the sandbox CSP and an attachment disposition, and answers a range with 206', async () => {
    const stored = await upload('clip.webm');
    const full = await fetchAs(server, token, stored.url);
    expect(Object.fromEntries(full.headers)).toMatchObject({
      'content-type': 'video/webm',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      'content-disposition': `attachment; filename="clip.webm"; filename*=UTF-8''clip.webm`,
      'accept-ranges': 'bytes',
    });
    await full.arrayBuffer();

    const tail = await fetchAs(server, token, stored.url, { range: 'bytes=10000-' });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes 10000-${stored.size - 1}/${stored.size}`);
    expect(Buffer.from(await tail.arrayBuffer()).equals(mediaFixture('clip.webm').subarray(10000))).toBe(true);
  });

  it('a message shares the duration with everyone who reads it', async () => {
    const ana = await server.signUp('Ana');
    const ben = await server.signUp('Ben');
    const room = await ana.client.room.create.mutate({ name: 'memos', visibility: 'private', memberIds: [ben.user.id] });
    const memo = await uploadOk(server, ana.token, mediaFixture('voice.ogg'), 'memo.ogg');
    await ana.client.message.send.mutate({ roomId: room.id, body: 'listen', clientId: 'memo-1', attachmentIds: [memo.id] });
    const { messages } = await ben.client.message.history.query({ roomId: room.id });
    expect(messages.at(-1)?.attachments).toEqual([memo]);
    expect(memo.durationMs).toBeGreaterThan(1400);
  });
});
