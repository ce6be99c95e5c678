import type { Duplex } from 'node:stream';

/** Past this much held data a socket's writes go out at once: a long replay must not pile up here. */
const FLUSH_BYTES = 64 * 1024;

const corked = new Set<Duplex>();
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/**
 * Holds a socket's writes until the end of this turn of the event loop (or until 64 KB are
 * held), then writes them at once. When a busy server fans several messages out in one turn,
 * each socket then costs one `writev` for all its frames instead of one per frame; when it is
 * idle nothing waits longer than the current turn.
 */
export function batchWritesThisTurn(socket: Duplex): void {
  if (corked.has(socket)) {
    if (socket.writableLength < FLUSH_BYTES) return;
    corked.delete(socket);
    socket.uncork();
  }
  if (socket.destroyed) return;
  socket.cork();
  corked.add(socket);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}
