// Holds a share of the receiving sockets and records, per test step (tag), how many bench
// messages each socket got, whether they arrived in sequence order, and send->receive latency.
import { WebSocket } from '../lib/deps.mjs';
import { serveCommands } from '../lib/ipc.mjs';
import { nowMs } from '../lib/stats.mjs';
import { openTrpcSocket, withConcurrency, withTimeout } from '../lib/trpc-socket.mjs';

const sockets = [];
const lastSeq = [];
const byTag = new Map();
const presenceSeen = new Map();
let closedUnexpectedly = 0;

function record(socketIndex, seq, body) {
  if (!body.startsWith('bench|')) return;
  const [, tag, sentAt] = body.split('|');
  let step = byTag.get(tag);
  if (!step) byTag.set(tag, (step = { counts: new Int32Array(sockets.length), outOfOrder: 0, latencies: [] }));
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
  if (wants.has('presence')) {
    await socket.subscribe('presence.onChange', undefined, (event) => {
      if (event.type === 'changed' && event.user.online) presenceSeen.set(event.user.userId, performance.now());
    });
  }
  return socket;
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
        sockets[index] =
          mode === 'baseline'
            ? await openBaseline(url, index)
            : await openConfab(url, token, index, { subscribe, localAddress: localAddresses.length ? localAddresses[i % localAddresses.length] : undefined });
      } catch (error) {
        errors.push(String(error?.message ?? error));
      }
    });
    return { opened: sockets.filter(Boolean).length - base, failed: errors.length, firstError: errors[0] ?? null, ms: performance.now() - startedAt };
  },
  collect({ tag }) {
    const step = byTag.get(tag) ?? { counts: new Int32Array(sockets.length), outOfOrder: 0, latencies: [] };
    byTag.delete(tag);
    return { counts: step.counts, outOfOrder: step.outOfOrder, latencies: Float64Array.from(step.latencies), closedUnexpectedly };
  },
  peek({ tag }) {
    const step = byTag.get(tag);
    return { received: step ? step.counts.reduce((sum, count) => sum + count, 0) : 0 };
  },
  /** when (performance.now() of this process) this worker's presence subscription saw `userId` come online */
  presence({ userId }) {
    return { seenAt: presenceSeen.get(userId) ?? null, now: performance.now() };
  },
  async close() {
    for (const socket of sockets) {
      if (!socket) continue;
      if ('ws' in socket) socket.close();
      else socket.close();
    }
    sockets.length = 0;
    return { ok: true };
  },
});
