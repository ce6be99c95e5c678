import type { Duplex } from 'node:stream';
import type { Connection } from '@confab/api';
import type { WebSocket } from 'ws';
import { batchWritesThisTurn } from './write-batching.js';

/** On the WebSocket path tRPC hands createContext the `ws` socket where HTTP has a reply. */
export function isWebSocket(value: unknown): value is WebSocket {
  return typeof value === 'object' && value !== null && 'bufferedAmount' in value && 'terminate' in value;
}

/**
 * A WebSocket's sends have no backpressure, so a reader that stops reading would grow our
 * memory forever. Past the cap the socket is dropped; its client resumes from its last event.
 */
export function guardSocket(
  socket: WebSocket,
  transport: Duplex,
  maxBuffered: number,
  log: { warn: (obj: object, msg: string) => void },
): Connection {
  const send = socket.send.bind(socket) as (...args: unknown[]) => void;
  (socket as unknown as { send: typeof send }).send = (...args) => {
    if (socket.bufferedAmount > maxBuffered) {
      log.warn({ bufferedAmount: socket.bufferedAmount }, 'dropping a slow WebSocket consumer');
      socket.terminate();
      return;
    }
    batchWritesThisTurn(transport);
    send(...args);
  };
  return {
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    close: (code, reason) => socket.close(code, reason),
    terminate: () => socket.terminate(),
    onClose: (listener) => void socket.once('close', listener),
  };
}
