import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { serialiseOnceEncoder } from '../../src/websocket/encoder.js';
import { waitFor, type TestServer } from '../harness.js';
import { rawSubscriber, send, startChatServer } from '../chat/helpers.js';

interface Frame {
  id: number;
  result?: { type: string; id?: string; data?: { id: string; data: { type: string; seq: number; message?: { body: string } } } };
}

function framesOf(socket: WebSocket): Frame[] {
  const frames: Frame[] = [];
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as Frame));
  return frames;
}

describe('live events are serialised once for all their subscribers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startChatServer();
  });
  afterAll(() => server.close());

  it('every subscriber gets the tracked frame tRPC would send, with its own request id', async () => {
    const ana = await server.signUp();
    const ben = await server.signUp();
    const room = await ben.client.room.create.mutate({ name: 'Shared', visibility: 'private', memberIds: [ana.user.id] });
    const anaSocket = await rawSubscriber(server, ana.token);
    const benSocket = await rawSubscriber(server, ben.token);
    const anaFrames = framesOf(anaSocket);
    const benFrames = framesOf(benSocket);
    await send(ben.client, room.id, 'once for everyone');
    const isMessage = (frame: Frame) => frame.result?.data?.data.type === 'message.created';
    const [anaFrame] = await waitFor(() => (anaFrames.some(isMessage) ? anaFrames.filter(isMessage) : null), 10_000, 'Ana’s frame');
    const [benFrame] = await waitFor(() => (benFrames.some(isMessage) ? benFrames.filter(isMessage) : null), 10_000, 'Ben’s frame');
    anaSocket.close();
    benSocket.close();
    if (!anaFrame?.result?.data || !benFrame?.result?.data) throw new Error('no tracked frame');
    const seq = anaFrame.result.data.data.seq;
    expect(anaFrame).toEqual({ id: 1, result: { type: 'data', id: String(seq), data: { id: String(seq), data: benFrame.result.data.data } } });
    expect(anaFrame.result.data.data.message?.body).toBe('once for everyone');
  });
});

describe('serialiseOnceEncoder', () => {
  it('encodes anything that is not a shared live event exactly as JSON.stringify does', () => {
    const messages = [
      { id: 3, result: { type: 'started' } },
      { id: 4, jsonrpc: '2.0', result: { type: 'data', id: '9', data: { id: '9', data: { type: 'message.created', seq: 9 } } } },
      { id: null, error: { message: 'bad', code: -32600 } },
    ];
    for (const message of messages) expect(serialiseOnceEncoder.encode(message)).toBe(JSON.stringify(message));
  });

  it('refuses binary frames with a message saying what it speaks', () => {
    expect(() => serialiseOnceEncoder.decode(new Uint8Array([1, 2]))).toThrow(/JSON over text frames/);
  });
});
