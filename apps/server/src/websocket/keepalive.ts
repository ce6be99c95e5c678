import type { WebSocket } from 'ws';

export interface KeepAliveOptions {
  /** a PING after this long without a frame from the client */
  pingMs: number;
  /** and the socket is dropped if nothing arrives this long after it */
  pongWaitMs: number;
}

/**
 * tRPC's keepalive (a `PING` text frame after `pingMs` of silence from the client, the socket
 * terminated when nothing comes back within `pongWaitMs`), with one timer per socket: a frame
 * only stamps the time, where upstream clears and sets two timers per frame. Returns the stamp
 * to call on each frame.
 */
export function keepAlive(socket: WebSocket, { pingMs, pongWaitMs }: KeepAliveOptions): () => void {
  let lastHeard = performance.now();
  let timer: NodeJS.Timeout | null = null;
  const schedule = (delayMs: number, check: () => void) => {
    timer = setTimeout(check, Math.max(1, delayMs));
  };
  const checkSilence = () => {
    const silentFor = performance.now() - lastHeard;
    if (silentFor < pingMs) return schedule(pingMs - silentFor, checkSilence);
    const pingedAt = performance.now();
    socket.send('PING');
    schedule(pongWaitMs, () => {
      if (lastHeard < pingedAt) socket.terminate();
      else checkSilence();
    });
  };
  schedule(pingMs, checkSilence);
  socket.once('close', () => {
    if (timer) clearTimeout(timer);
  });
  return () => {
    lastHeard = performance.now();
  };
}
