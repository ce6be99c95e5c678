import type { Duplex } from 'node:stream';

const corked = new Set<Duplex>();
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/**
 * Holds a socket's writes until the end of this turn of the event loop, then writes them at
 * once. When a busy server fans several messages out in one turn, each socket then costs one
 * `writev` for all its frames instead of one per frame; when it is idle nothing waits longer
 * than the current turn.
 */
export function batchWritesThisTurn(socket: Duplex): void {
  if (corked.has(socket) || socket.destroyed) return;
  socket.cork();
  corked.add(socket);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}
