import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestServer } from '../harness.js';
import { fetchAs, uploadOk } from '../uploads/helpers.js';
import { expectCode, startChatServer, streamEvents } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startChatServer();
});
afterAll(() => server.close());

const pdf = () => new TextEncoder().encode(`%PDF-1.4\n% ${randomUUID()}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);

it('a message shares its attachments with the room, and deleting it takes them back', async () => {
  const ana = await server.signUp();
  const ben = await server.signUp();
  const eve = await server.signUp();
  const dm = await ana.client.room.openDirect.mutate({ userId: ben.user.id });
  const file = await uploadOk(server, ana.token, pdf(), 'plan.pdf', 'application/pdf');
  const bens = await uploadOk(server, ben.token, pdf(), 'bens.pdf', 'application/pdf');
  const stream = streamEvents(ben.client);
  await stream.started;

  // Someone else's upload cannot be attached.
  await expectCode(ana.client.message.send.mutate({ roomId: dm.id, body: 'mine?', clientId: randomUUID(), attachmentIds: [bens.id] }), 'NOT_FOUND');
  // With an attachment, the body may be empty.
  const sent = await ana.client.message.send.mutate({ roomId: dm.id, body: '', clientId: randomUUID(), attachmentIds: [file.id] });
  expect(sent.attachments).toEqual([expect.objectContaining({ id: file.id, name: 'plan.pdf', mime: 'application/pdf', url: `/uploads/${file.id}` })]);

  const [created] = await stream.until((e) => e.type === 'message.created', 1, 'the message');
  expect(created?.type === 'message.created' && created.message.attachments.map((a) => a.id)).toEqual([file.id]);
  expect((await fetchAs(server, ben.token, `/uploads/${file.id}`)).status).toBe(200);
  expect((await fetchAs(server, eve.token, `/uploads/${file.id}`)).status).toBe(404);
  expect((await ben.client.message.history.query({ roomId: dm.id })).messages[0]?.attachments).toHaveLength(1);

  const tombstone = await ana.client.message.delete.mutate({ messageId: sent.id });
  expect(tombstone.attachments).toEqual([]);
  expect((await fetchAs(server, ben.token, `/uploads/${file.id}`)).status).toBe(404);
  stream.stop();
});
