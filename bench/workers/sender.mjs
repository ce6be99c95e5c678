// Sends bench messages at a steady rate, round-robin over its users, and records the
// acknowledgement latency of each. Over WebSocket (one socket per user, tRPC mutations) or over
// HTTP (the SDK's path for mutations: POST /trpc/message.send on a few keep-alive connections), or
// over Socket.IO (`message:send` with an ack) for the Express + Socket.IO baseline.
// `kind: 'typing'` sends typing.set (over HTTP), alternating true/false per user, instead.
import { Agent, request } from 'node:http';
import { io } from 'socket.io-client';
import { WebSocket } from '../lib/deps.mjs';
import { serveCommands } from '../lib/ipc.mjs';
import { nowMs, sleep } from '../lib/stats.mjs';
import { openTrpcSocket, withConcurrency } from '../lib/trpc-socket.mjs';

let senders = [];
let sequence = 0;

function openBaselineSender(url) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/send`, { perMessageDeflate: false });
  const pending = new Map();
  ws.on('message', (raw) => {
    const { ref } = JSON.parse(raw.toString());
    pending.get(ref)?.();
    pending.delete(ref);
  });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        send: (_roomId, body, ref) =>
          new Promise((done) => {
            pending.set(ref, done);
            ws.send(JSON.stringify({ ref, body }));
          }),
        close: () => ws.close(),
      }),
    );
  });
}

function openSocketIoSender(url, token) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], auth: { token, receive: false }, reconnection: false, forceNew: true, timeout: 30_000 });
    socket.once('connect_error', reject);
    socket.once('connect', () =>
      resolve({
        send: (roomId, body, clientId) =>
          new Promise((done, fail) => {
            socket.timeout(30_000).emit('message:send', { roomId, body, clientId }, (error, answer) => {
              if (error) return fail(Object.assign(new Error('no ack'), { code: 'NO_ACK' }));
              if (answer?.error) return fail(Object.assign(new Error(answer.error), { code: answer.error }));
              done();
            });
          }),
        close: () => socket.close(),
      }),
    );
  });
}

async function openConfabSender(url, token) {
  const socket = await openTrpcSocket(url, token);
  return { send: (roomId, body, clientId) => socket.mutate('message.send', { roomId, body, clientId }), close: () => socket.close() };
}

function httpSender(url, token, agent) {
  let typing = false;
  const call = (procedure, input) =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(input);
      const req = request(
        new URL(`/trpc/${procedure}`, url),
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            if (res.statusCode === 200) return resolve();
            let code = `HTTP_${res.statusCode}`;
            try {
              code = JSON.parse(Buffer.concat(chunks).toString()).error?.data?.code ?? code;
            } catch {
              // not JSON
            }
            reject(Object.assign(new Error(code), { code }));
          });
        },
      );
      req.on('error', (error) => reject(Object.assign(error, { code: 'NETWORK' })));
      req.end(payload);
    });
  return {
    send: (roomId, body, clientId) => call('message.send', { roomId, body, clientId }),
    typing: (roomId) => call('typing.set', { roomId, isTyping: (typing = !typing) }),
    close() {},
  };
}

serveCommands({
  async open({ mode, url, tokens, count, connections = 10 }) {
    const startedAt = performance.now();
    if (mode === 'baseline') senders = await withConcurrency(Array.from({ length: count }), 50, () => openBaselineSender(url));
    else if (mode === 'socketio') senders = await withConcurrency(tokens, 50, (token) => openSocketIoSender(url, token));
    else if (mode === 'http') {
      const agent = new Agent({ keepAlive: true, maxSockets: connections });
      senders = tokens.map((token) => httpSender(url, token, agent));
    } else senders = await withConcurrency(tokens, 50, (token) => openConfabSender(url, token));
    return { opened: senders.length, ms: performance.now() - startedAt };
  },
  /** sends `rate` messages a second for `durationMs`, then waits (bounded) for every ack */
  async run({ tag, roomId, rate, durationMs, drainMs = 15_000, collectIds = false, kind = 'message', roomIds }) {
    const ackLatencies = [];
    const ackedIds = [];
    const errors = {};
    let sent = 0;
    let acked = 0;
    let settled = 0;
    const total = Math.round((rate * durationMs) / 1000);
    const startedAt = performance.now();
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - startedAt) / 1000) * rate) + 1);
      while (sent < due) {
        const sender = senders[sent % senders.length];
        // `roomIds[i]`: the room of the i-th sender (the order of the tokens), when they differ
        const room = roomIds ? roomIds[sent % senders.length] : roomId;
        const sentAt = nowMs();
        const clientId = `${tag}-${process.pid}-${++sequence}`;
        sent++;
        const done = kind === 'typing' ? sender.typing(room) : sender.send(room, `bench|${tag}|${sentAt}|${clientId}`, clientId);
        done.then(
          () => {
            acked++;
            settled++;
            ackLatencies.push(nowMs() - sentAt);
            if (collectIds) ackedIds.push(clientId);
          },
          (error) => {
            settled++;
            const code = error?.code ?? 'ERROR';
            errors[code] = (errors[code] ?? 0) + 1;
          },
        );
      }
      await sleep(1);
    }
    const sendMs = performance.now() - startedAt;
    const drainDeadline = performance.now() + drainMs;
    while (settled < sent && performance.now() < drainDeadline) await sleep(10);
    if (settled < sent) errors.NO_ACK = sent - settled;
    const wallMs = performance.now() - startedAt;
    return { sent, acked, errors, sendMs, wallMs, ackLatencies: Float64Array.from(ackLatencies), ackedIds };
  },
  close() {
    for (const sender of senders) sender.close();
    senders = [];
    return { ok: true };
  },
});
