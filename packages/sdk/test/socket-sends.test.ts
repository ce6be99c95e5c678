import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createConfabClient, TRPCClientError } from '@confab/sdk';
import { waitFor } from '../../../apps/server/test/harness.js';
import { proxiedServer } from './proxied-server.js';

// Mutations go over the signed-in WebSocket while it is open (issue 16): counted at a proxy,
// refused at once when the credential ends, and retried with the same clientId when the socket
// drops with a send in flight.

const fixture = proxiedServer();
/** an HTTP request carrying message.send, alone or first of a batch */
const httpSends = /^POST \/trpc\/message\.send[,?\s]/;

/** a member of a fresh room with an SDK client through the proxy, its event stream live */
async function liveMember(credential: { token: string } | { apiKey: string }) {
  const client = createConfabClient({ url: fixture.proxy.url, ...credential });
  fixture.closeAfter(client);
  const stream = client.events({ onEvent: () => {} });
  await waitFor(() => client.connectionState === 'live', 15_000, 'the stream to be live');
  return { client, stream };
}

const codeOf = (error: unknown) => (error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : String(error));

it('with the socket open, sends go over it (no HTTP request); with no socket, over HTTP', async () => {
  const ana = await fixture.server.signUp('Ana');
  const room = await ana.client.room.create.mutate({ name: `Socket ${randomUUID().slice(0, 8)}`, visibility: 'private' });
  const { client, stream } = await liveMember({ token: ana.token });
  const before = fixture.proxy.requestsMatching(httpSends);
  for (const body of ['one', 'two', 'three']) await client.send(room.id, body);
  expect(fixture.proxy.requestsMatching(httpSends) - before).toBe(0);

  stream.stop();
  await waitFor(() => client.connectionState === 'idle', 15_000, 'the socket to close once no stream is left');
  await client.send(room.id, 'four');
  expect(fixture.proxy.requestsMatching(httpSends) - before).toBe(1);
  const { messages } = await ana.client.message.history.query({ roomId: room.id });
  expect(messages.map((message) => message.body).reverse()).toEqual(['one', 'two', 'three', 'four']);
});

it('a send whose answer is lost with the socket is retried with the same clientId and stored once', async () => {
  const ana = await fixture.server.signUp('Ana');
  const room = await ana.client.room.create.mutate({ name: `Dropped ${randomUUID().slice(0, 8)}`, visibility: 'private' });
  const { client } = await liveMember({ token: ana.token });
  const before = fixture.proxy.requestsMatching(httpSends);
  // The server stores the message and answers; the proxy swallows that answer and cuts the socket.
  const dropped = fixture.proxy.dropSocketDataMatching(/in flight/);
  const sending = client.send(room.id, 'in flight');
  await dropped;
  const sent = await sending;
  const { messages } = await ana.client.message.history.query({ roomId: room.id });
  expect(messages.map((message) => [message.id, message.body])).toEqual([[sent.id, 'in flight']]);
  // The first try went over the socket; the retry over whatever was up then.
  expect(fixture.proxy.requestsMatching(httpSends) - before).toBeLessThanOrEqual(1);
});

it('a session revoked elsewhere refuses the next send at once', async () => {
  const ana = await fixture.server.signUp('Ana');
  const room = await ana.client.room.create.mutate({ name: `Revoked ${randomUUID().slice(0, 8)}`, visibility: 'private' });
  const { client } = await liveMember({ token: ana.token });
  await client.send(room.id, 'before');
  await ana.client.auth.logout.mutate();
  const refused = await client.send(room.id, 'after').catch((error: unknown) => error);
  expect(codeOf(refused)).toBe('UNAUTHORIZED');
});

it('a revoked API key refuses the next send at once', async () => {
  const ana = await fixture.server.signUp('Ana');
  const room = await ana.client.room.create.mutate({ name: `Key ${randomUUID().slice(0, 8)}`, visibility: 'private' });
  const { apiKey, key } = await ana.client.apiKey.create.mutate({ label: 'script' });
  const { client } = await liveMember({ apiKey });
  await client.send(room.id, 'with the key');
  await ana.client.apiKey.revoke.mutate({ keyId: key.id });
  const refused = await client.send(room.id, 'after the revoke').catch((error: unknown) => error);
  expect(codeOf(refused)).toBe('UNAUTHORIZED');
});

it('a deactivated user is refused on the next send at once', async () => {
  const ana = await fixture.server.signUp('Ana');
  const room = await ana.client.room.create.mutate({ name: `Gone ${randomUUID().slice(0, 8)}`, visibility: 'private' });
  // A second session of Ana's, with the live socket; the first one deactivates the account.
  const login = await fixture.server.client().auth.login.mutate({ email: ana.user.email, password: 'correct horse battery', issueToken: true });
  if (!login.token) throw new Error('no token');
  const { client } = await liveMember({ token: login.token });
  await client.send(room.id, 'still here');
  await ana.client.user.deactivate.mutate({ password: 'correct horse battery' });
  const refused = await client.send(room.id, 'after leaving').catch((error: unknown) => error);
  expect(codeOf(refused)).toBe('UNAUTHORIZED');
});

it('a burst past 20 mutations a second goes partly over HTTP, and the socket stays up', async () => {
  const ana = await fixture.server.signUp('Ana');
  const room = await ana.client.room.create.mutate({ name: `Burst ${randomUUID().slice(0, 8)}`, visibility: 'private' });
  const { client } = await liveMember({ token: ana.token });
  const states: string[] = [];
  client.onConnectionState((state) => states.push(state));
  const before = fixture.proxy.requestsMatching(httpSends);
  const sent = await Promise.all(Array.from({ length: 25 }, (_, i) => client.send(room.id, `burst ${i}`)));
  expect(new Set(sent.map((message) => message.id)).size).toBe(25);
  expect(fixture.proxy.requestsMatching(httpSends) - before).toBeGreaterThanOrEqual(1);
  expect(states).toEqual([]);
  expect(client.connectionState).toBe('live');
});

it('a body too large for a socket frame goes over HTTP and gets its typed PAYLOAD_TOO_LARGE; the socket stays up', async () => {
  const ana = await fixture.server.signUp('Ana');
  const room = await ana.client.room.create.mutate({ name: `Huge ${randomUUID().slice(0, 8)}`, visibility: 'private' });
  // Straight to the server: the proxy may cut a refused upload before its 413 reaches the client.
  const client = createConfabClient({ url: fixture.server.url, token: ana.token });
  fixture.closeAfter(client);
  client.events({ onEvent: () => {} });
  await waitFor(() => client.connectionState === 'live', 15_000, 'the stream to be live');
  const states: string[] = [];
  client.onConnectionState((state) => states.push(state));
  const huge = await client.message.send
    .mutate({ roomId: room.id, body: 'x'.repeat(2 * 1024 * 1024), clientId: randomUUID() })
    .catch((error: unknown) => error);
  expect(codeOf(huge)).toBe('PAYLOAD_TOO_LARGE');
  expect((await client.send(room.id, 'small again')).body).toBe('small again');
  expect(states).toEqual([]);
  expect(client.connectionState).toBe('live');
});
