import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/auth/session-cookie.js';
import { htmlPage, pngImage } from '../fixtures/images.js';
import { startServer, type TestServer } from '../harness.js';
import { fetchAs, uploadOk } from './helpers.js';

let server: TestServer;
let clientId = 0;
beforeAll(async () => {
  server = await startServer({ build: { limits: { registerPerIp: { max: 1000, windowMs: 60_000 } } } });
});
afterAll(() => server.close());

const nextClientId = () => `upload-test-${++clientId}`;

/** Ana uploads a picture and shares it in a room with Ben; Eve is in no room with them. */
async function sharedPicture() {
  const ana = await server.signUp('Ana');
  const ben = await server.signUp('Ben');
  const eve = await server.signUp('Eve');
  const room = await ana.client.room.create.mutate({ name: `design ${randomUUID().slice(0, 8)}`, visibility: 'private', memberIds: [ben.user.id] });
  const upload = await uploadOk(server, ana.token, await pngImage(80, 60), 'mockup.png', 'image/png');
  const message = await ana.client.message.send.mutate({ roomId: room.id, body: 'new mockup', clientId: nextClientId(), attachmentIds: [upload.id] });
  return { ana, ben, eve, room, upload, message };
}

describe('who may fetch an upload', () => {
  it('the uploader can fetch an upload nobody else has seen yet; others get 404', async () => {
    const ana = await server.signUp();
    const eve = await server.signUp();
    const upload = await uploadOk(server, ana.token, await pngImage(), 'private.png');
    expect((await fetchAs(server, ana.token, upload.url)).status).toBe(200);
    expect((await fetchAs(server, eve.token, upload.url)).status).toBe(404);
    expect((await fetchAs(server, eve.token, `${upload.url}/preview`)).status).toBe(404);
  });

  it('a member of a room where the file was shared gets it; a non-member gets 404', async () => {
    const { ben, eve, upload, message } = await sharedPicture();
    expect(message.attachments).toEqual([
      {
        id: upload.id,
        name: 'mockup.png',
        mime: 'image/png',
        size: upload.size,
        url: upload.url,
        previewUrl: upload.previewUrl,
        width: 80,
        height: 60,
        durationMs: null,
      },
    ]);

    const forBen = await fetchAs(server, ben.token, upload.url);
    expect(forBen.status).toBe(200);
    expect((await sharp(Buffer.from(await forBen.arrayBuffer())).metadata()).width).toBe(80);
    expect((await fetchAs(server, ben.token, upload.previewUrl ?? '')).status).toBe(200);

    const forEve = await fetchAs(server, eve.token, upload.url);
    expect(forEve.status).toBe(404);
    expect(await forEve.json()).toEqual({ error: 'Not Found', message: 'No such file, or it is not shared with you.' });
    expect((await fetchAs(server, eve.token, upload.previewUrl ?? '')).status).toBe(404);
  });

  it('history carries the attachment metadata a client needs to render it', async () => {
    const { ben, room, upload } = await sharedPicture();
    const { messages } = await ben.client.message.history.query({ roomId: room.id });
    expect(messages.at(-1)?.attachments.map((a) => a.id)).toEqual([upload.id]);
  });

  it('someone who leaves the room loses access; deleting the message withdraws the file', async () => {
    const { ana, ben, room, upload, message } = await sharedPicture();
    await ben.client.room.leave.mutate({ roomId: room.id });
    expect((await fetchAs(server, ben.token, upload.url)).status).toBe(404);

    const cid = await server.signUp('Cid');
    await ana.client.room.addMembers.mutate({ roomId: room.id, userIds: [cid.user.id] });
    expect((await fetchAs(server, cid.token, upload.url)).status).toBe(200);
    await ana.client.message.delete.mutate({ messageId: message.id });
    expect((await fetchAs(server, cid.token, upload.url)).status).toBe(404);
    expect((await fetchAs(server, ana.token, upload.url)).status).toBe(200);
  });

  it('signed out, a wrong token or a made-up id all get the same 404', async () => {
    const { upload } = await sharedPicture();
    expect((await fetchAs(server, null, upload.url)).status).toBe(404);
    expect((await fetchAs(server, 'not-a-token', upload.url)).status).toBe(404);
    const { token } = await server.signUp();
    expect((await fetchAs(server, token, '/uploads/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await fetchAs(server, token, '/uploads/..%2F..%2Fconfab.db')).status).toBe(404);
  });

  it('a browser uploads with its session cookie', async () => {
    const ben = await server.signUp();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await pngImage())]), 'pasted.png');
    const response = await fetch(`${server.url}/api/uploads`, {
      method: 'POST',
      body: form,
      headers: { cookie: `${SESSION_COOKIE}=${ben.token}`, origin: server.url },
    });
    expect(response.status).toBe(201);
  });

  it('a browser gets the file with its session cookie', async () => {
    const { ben, upload } = await sharedPicture();
    const response = await fetch(`${server.url}${upload.url}`, { headers: { cookie: `${SESSION_COOKIE}=${ben.token}` } });
    expect(response.status).toBe(200);
  });
});

describe('attaching', () => {
  it("someone else's upload cannot be attached (NOT_FOUND), and the message is not sent", async () => {
    const { ben, room, upload } = await sharedPicture();
    const before = await ben.client.message.history.query({ roomId: room.id });
    await expect(
      ben.client.message.send.mutate({ roomId: room.id, body: 'mine now', clientId: nextClientId(), attachmentIds: [upload.id] }),
    ).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    const after = await ben.client.message.history.query({ roomId: room.id });
    expect(after.messages.length).toBe(before.messages.length);
  });

  it('a made-up upload id cannot be attached', async () => {
    const { ana, room } = await sharedPicture();
    await expect(
      ana.client.message.send.mutate({ roomId: room.id, body: 'ghost', clientId: nextClientId(), attachmentIds: ['AAAAAAAAAAAAAAAAAAAAAA'] }),
    ).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });
});

describe('avatars', () => {
  it('an image avatar is shown to anyone signed in, through its preview, and to nobody signed out', async () => {
    const ana = await server.signUp();
    const stranger = await server.signUp();
    const upload = await uploadOk(server, ana.token, await pngImage(300, 300), 'me.png');
    const me = await ana.client.user.updateProfile.mutate({ avatarUploadId: upload.id });
    expect(me.avatarUrl).toBe(`/uploads/${upload.id}/preview`);

    const avatar = await fetchAs(server, stranger.token, me.avatarUrl ?? '');
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get('content-type')).toBe('image/webp');
    expect((await fetchAs(server, null, me.avatarUrl ?? '')).status).toBe(404);

    // Once replaced, the old picture is private again.
    await ana.client.user.updateProfile.mutate({ avatarUploadId: null });
    expect((await fetchAs(server, stranger.token, me.avatarUrl ?? '')).status).toBe(404);
  });

  it("another user's image, or a file that is not an image, cannot become your avatar", async () => {
    const ana = await server.signUp();
    const ben = await server.signUp();
    const anasPicture = await uploadOk(server, ana.token, await pngImage(), 'a.png');
    await expect(ben.client.user.updateProfile.mutate({ avatarUploadId: anasPicture.id })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    const page = await uploadOk(server, ben.token, htmlPage, 'b.png');
    await expect(ben.client.user.updateProfile.mutate({ avatarUploadId: page.id })).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
  });
});
