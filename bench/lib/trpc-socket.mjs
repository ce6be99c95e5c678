// A minimal client for tRPC 11's WebSocket protocol (see @trpc/server's ws adapter): cheaper
// than the SDK per socket, which matters at 10,000 sockets spread over two cores.
import { WebSocket } from './deps.mjs';

/**
 * Opens ws://.../trpc?connectionParams=1 and sends the token as the first message, as the SDK does.
 * Resolves once the socket is open.
 */
export function openTrpcSocket(baseUrl, token, { localAddress, onClose } = {}) {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/trpc?connectionParams=1`, {
    localAddress,
    perMessageDeflate: false,
    handshakeTimeout: 30_000,
  });
  let nextId = 1;
  const pending = new Map();
  const subscriptions = new Map();
  const socket = {
    ws,
    closed: false,
    request(method, path, input) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params: { path, input } }));
      });
    },

    query: (path, input) => socket.request('query', path, input),
    mutate: (path, input) => socket.request('mutation', path, input),
    /** `onData(data, trackedId)` for each item; resolves when the server says "started" */
    subscribe(path, input, onData) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${path} did not start within 30 s`)), 30_000);
        const settle = (fn) => (value) => {
          clearTimeout(timer);
          fn(value);
        };
        subscriptions.set(id, { onData, resolve: settle(resolve), reject: settle(reject) });
        ws.send(JSON.stringify({ id, method: 'subscription', params: { path, input } }));
      });
    },
    close() {
      socket.closed = true;
      ws.close();
    },
  };
  ws.on('message', (raw, isBinary) => {
    const text = raw.toString();
    if (!isBinary && text === 'PING') return ws.send('PONG');
    if (text === 'PONG') return;
    const message = JSON.parse(text);
    const subscription = subscriptions.get(message.id);
    if (subscription) {
      if (message.error) return subscription.reject(new Error(`${message.error.data?.code ?? 'ERROR'}: ${message.error.message}`));
      if (message.result.type === 'started') return subscription.resolve();
      if (message.result.type === 'data') {
        const tracked = message.result.id !== undefined;
        return subscription.onData(tracked ? message.result.data.data : message.result.data, tracked ? message.result.id : undefined);
      }
      return;
    }
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(Object.assign(new Error(message.error.message), { code: message.error.data?.code ?? 'ERROR' }));
    else waiter.resolve(message.result.data);
  });
  ws.on('close', () => {
    socket.closed = true;
    for (const waiter of pending.values()) waiter.reject(Object.assign(new Error('socket closed'), { code: 'CLOSED' }));
    pending.clear();
    onClose?.();
  });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      ws.off('error', reject);
      ws.on('error', () => {});
      ws.send(JSON.stringify({ method: 'connectionParams', data: token ? { token } : null }));
      resolve(socket);
    });
  });
}

/** Runs `task(item)` for every item with at most `limit` in flight. */
export async function withConcurrency(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** `promise`, or a rejection once `ms` pass: the bench never waits forever on a silent server */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} got no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
