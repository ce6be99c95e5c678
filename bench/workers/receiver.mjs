// Holds a share of the receiving sockets and records, per test step (tag), how many bench
// messages each socket got, how many it got twice, whether they arrived in sequence order, and
// send->receive latency. Also counts typing and presence changes, and (storm mode) follows
// every event of each socket's rooms across reconnects, resuming from its last tracked id.
import { io } from 'socket.io-client';
import { WebSocket } from '../lib/deps.mjs';
import { serveCommands } from '../lib/ipc.mjs';
import { nowMs, sleep } from '../lib/stats.mjs';
import { openTrpcSocket, withConcurrency, withTimeout } from '../lib/trpc-socket.mjs';

const sockets = [];
const lastSeq = [];
const byTag = new Map();
const presenceSeen = new Map();
let closedUnexpectedly = 0;
/** typing and presence changes received, over all sockets */
const counters = { typing: 0, presenceOnline: 0 };
/** storm mode: per socket, every event seq it was given, across reconnects */
const streams = [];
let reconnects = 0;
let stopping = false;

function newStep() {
  return {
    counts: new Int32Array(sockets.length),
    duplicates: 0,
    outOfOrder: 0,
    latencies: [],
    seen: Array.from({ length: sockets.length }, () => new Set()),
  };
}

function record(socketIndex, seq, body) {
  if (!body.startsWith('bench|')) return;
  const [, tag, sentAt] = body.split('|');
  let step = byTag.get(tag);
  if (!step) byTag.set(tag, (step = newStep()));
  const seen = (step.seen[socketIndex] ??= new Set());
  if (seen.has(seq)) {
    step.duplicates++;
    return;
  }
  seen.add(seq);
  if (seq <= lastSeq[socketIndex]) step.outOfOrder++;
  lastSeq[socketIndex] = seq;
  step.counts[socketIndex]++;
  step.latencies.push(nowMs() - Number(sentAt));
}

function openBaseline(url, index) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/recv`, { perMessageDeflate: false });
    ws.once('error', reject);
    ws.once('open', () => resolve(ws));
    ws.on('message', (raw) => {
      const { seq, body } = JSON.parse(raw.toString());
      record(index, seq, body);
    });
  });
}

function openSocketIo(url, token, index) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true, timeout: 30_000 });
    socket.on('message:new', (message) => record(index, message.id, message.body));
    socket.once('connect_error', reject);
    socket.once('connect', () => resolve({ close: () => socket.close() }));
  });
}

async function openConfab(url, token, index, { subscribe, localAddress }) {
  let socket;
  socket = await openTrpcSocket(url, token, { localAddress, onClose: () => !socket?.closed && closedUnexpectedly++ });
  // auth.me proves the socket is signed in (connectionParams were accepted).
  const me = await withTimeout(socket.query('auth.me', undefined), 30_000, 'auth.me');
  if (!me) throw new Error('socket is not signed in (auth.me returned null)');
  const wants = new Set([subscribe].flat());
  if (wants.has('sync')) {
    await socket.subscribe('sync.onEvent', {}, (event, trackedId) => {
      if (event.type === 'message.created') record(index, Number(trackedId), event.message.body);
    });
  }
  if (wants.has('typing')) await socket.subscribe('typing.onChange', {}, () => counters.typing++);
  if (wants.has('presence')) {
    await socket.subscribe('presence.onChange', undefined, (event) => {
      if (event.type === 'changed' && event.user.online) {
        counters.presenceOnline++;
        presenceSeen.set(event.user.userId, performance.now());
      }
    });
  }
  return socket;
}

/**
 * Storm mode: one socket that follows `sync.onEvent` and, whenever the server drops it, reconnects
 * (jittered backoff, as wsLink does) and resumes from the last tracked id it received.
 */
async function openResuming(url, token, index) {
  const stream = (streams[index] = { lastSeq: 0, count: 0, seqSum: 0, duplicates: 0, outOfOrder: 0, seen: new Set(), connects: 0, socket: null });
  let closedByUs = false;
  const connect = async () => {
    // Only the live socket's close starts a reconnect (a failed attempt's own close does not).
    let socket = null;
    socket = await openTrpcSocket(url, token, {
      onClose: () => !stopping && !closedByUs && socket !== null && stream.socket === socket && void reconnect(),
    });
    stream.socket = socket;
    const me = await withTimeout(socket.query('auth.me', undefined), 30_000, 'auth.me');
    if (!me) throw new Error('socket is not signed in (auth.me returned null)');
    const input = stream.lastSeq > 0 ? { lastEventId: String(stream.lastSeq) } : {};
    await socket.subscribe('sync.onEvent', input, (_event, trackedId) => {
      const seq = Number(trackedId);
      if (stream.seen.has(seq)) return void stream.duplicates++;
      stream.seen.add(seq);
      if (seq <= stream.lastSeq) stream.outOfOrder++;
      stream.lastSeq = Math.max(stream.lastSeq, seq);
      stream.count++;
      stream.seqSum += seq;
    });
    stream.connects++;
  };
  let reconnecting = false;
  const reconnect = async () => {
    if (reconnecting) return;
    reconnecting = true;
    reconnects++;
    for (let attempt = 0; !stopping && attempt < 200; attempt++) {
      await sleep(100 + Math.random() * Math.min(2_000, 250 * 2 ** attempt));
      try {
        await connect();
        break;
      } catch {
        const failed = stream.socket;
        stream.socket = null;
        failed?.close();
      }
    }
    reconnecting = false;
  };
  await connect();
  return {
    close: () => {
      closedByUs = true;
      stream.socket?.close();
    },
  };
}

serveCommands({
  async open({ mode, url, tokens, count, subscribe, localAddresses = [], concurrency = 50 }) {
    const startedAt = performance.now();
    const jobs = mode === 'baseline' ? Array.from({ length: count }, () => null) : tokens;
    const errors = [];
    const base = sockets.length;
    await withConcurrency(jobs, concurrency, async (token, i) => {
      const index = base + i;
      lastSeq[index] = 0;
      try {
        const localAddress = localAddresses.length ? localAddresses[i % localAddresses.length] : undefined;
        if (mode === 'baseline') sockets[index] = await openBaseline(url, index);
        else if (mode === 'socketio') sockets[index] = await openSocketIo(url, token, index);
        else if (mode === 'resuming') sockets[index] = await openResuming(url, token, index);
        else sockets[index] = await openConfab(url, token, index, { subscribe, localAddress });
      } catch (error) {
        errors.push(String(error?.message ?? error));
      }
    });
    return { opened: sockets.filter(Boolean).length - base, failed: errors.length, firstError: errors[0] ?? null, ms: performance.now() - startedAt };
  },
  collect({ tag }) {
    const step = byTag.get(tag) ?? newStep();
    byTag.delete(tag);
    return {
      counts: step.counts,
      duplicates: step.duplicates,
      outOfOrder: step.outOfOrder,
      latencies: Float64Array.from(step.latencies),
      closedUnexpectedly,
    };
  },
  peek({ tag }) {
    const step = byTag.get(tag);
    return { received: step ? step.counts.reduce((sum, count) => sum + count, 0) : 0 };
  },
  counters: () => ({ ...counters }),
  /** storm mode: what each socket holds, in the order the tokens were given */
  streams: () => ({
    reconnects,
    streams: streams.map(({ count, seqSum, duplicates, outOfOrder, connects, lastSeq: last }) => ({
      count,
      seqSum,
      duplicates,
      outOfOrder,
      connects,
      lastSeq: last,
    })),
  }),
  /** when (performance.now() of this process) this worker's presence subscription saw `userId` come online */
  presence({ userId }) {
    return { seenAt: presenceSeen.get(userId) ?? null, now: performance.now() };
  },
  async close() {
    stopping = true;
    for (const socket of sockets) socket?.close();
    sockets.length = 0;
    return { ok: true };
  },
});
