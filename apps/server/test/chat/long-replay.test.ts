import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness.js';
import { send, streamEvents } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ build: { limits: { sendsPerUser: { max: 100_000, windowMs: 10_000 } } } });
});
afterAll(() => server.close());

it('a 6 MB replay reaches a reconnecting reader whole over one socket, without tripping the slow-consumer guard', async () => {
  const ana = await server.signUp();
  const ben = await server.signUp();
  const room = await ben.client.room.create.mutate({ name: 'Big', visibility: 'private', memberIds: [ana.user.id] });
  const body = 'x'.repeat(1900);
  for (let i = 0; i < 3000; i++) await send(ben.client, room.id, `${i}${body}`);
  const stream = streamEvents(ana.client, '1');
  await stream.started;
  await stream.until((e) => e.type === 'message.created', 3000, 'the whole replay');
  const bodies = stream.events.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []));
  expect(bodies.map((body) => Number.parseInt(body, 10))).toEqual([...Array(3000).keys()]);
  expect(stream.errors).toEqual([]);
  stream.stop();
}, 120_000);
