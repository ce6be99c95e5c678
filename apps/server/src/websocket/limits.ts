import type { WebSocket } from 'ws';
import { trpcErrorBody } from '../trpc/reply-trpc-error.js';

/** What one WebSocket, one account and one address may hold. Each is a setting (config.ts). */
export interface SocketLimitOptions {
  /** tRPC messages in one frame (a client batches a few subscriptions at most) */
  maxMessagesPerFrame: number;
  /** tRPC messages a socket may send per second (PING/PONG not counted) */
  maxMessagesPerSecond: number;
  /** subscriptions open at once on one socket */
  maxSubscriptions: number;
  /** how long a socket may stay open without a signed-in user */
  authTimeoutMs: number;
  /** sockets not (yet) signed in, per client address */
  maxUnauthenticatedPerAddress: number;
  /** open sockets per account */
  maxConnectionsPerUser: number;
}

/** The close codes a client can act on. */
const CLOSE_CODES = {
  /** the socket broke a per-frame or per-second cap: a misbehaving client */
  policyViolation: 1008,
  /** too many sockets for this address or account: close some, or wait */
  tryAgainLater: 1013,
  /** no signed-in user within the deadline: sign in, then reconnect */
  notSignedIn: 4401,
} as const;

interface SocketState {
  address: string;
  userId: string | null;
  deadline: NodeJS.Timeout | null;
  subscriptions: Set<string | number>;
  windowStart: number;
  messagesInWindow: number;
}

type Inspection = { pass: true } | { pass: false; close: string } | { pass: false; replacement: string | null };

/**
 * Per-socket caps, applied where a frame arrives and before tRPC's handler sees it (by wrapping
 * the socket's `emit` for 'message'), so a frame of 500 queries or a socket of 5,000
 * subscriptions is refused before any work is done. `admit` runs when the socket opens,
 * `signedIn` when its context is known; nothing here is on the path that sends events out.
 */
export class SocketLimits {
  private readonly states = new WeakMap<WebSocket, SocketState>();
  private readonly unauthenticatedByAddress = new Map<string, number>();
  private readonly socketsByUser = new Map<string, number>();

  constructor(private readonly options: SocketLimitOptions) {}

  /** A socket just opened from `address`: count it, give it a deadline, watch its frames. */
  admit(socket: WebSocket, address: string): void {
    const waiting = this.unauthenticatedByAddress.get(address) ?? 0;
    if (waiting >= this.options.maxUnauthenticatedPerAddress) {
      socket.close(CLOSE_CODES.tryAgainLater, 'Too many connections from this address that have not signed in.');
      return;
    }
    this.unauthenticatedByAddress.set(address, waiting + 1);
    const state: SocketState = { address, userId: null, deadline: null, subscriptions: new Set(), windowStart: 0, messagesInWindow: 0 };
    state.deadline = setTimeout(() => {
      socket.close(CLOSE_CODES.notSignedIn, `Sign in within ${Math.round(this.options.authTimeoutMs / 1000)} s of connecting.`);
    }, this.options.authTimeoutMs);
    state.deadline.unref();
    this.states.set(socket, state);
    socket.once('close', () => this.release(state));
    this.watchFrames(socket, state);
  }

  /** The socket's context is known: a user stops the deadline (within the account's cap); none leaves it running. */
  signedIn(socket: WebSocket, userId: string | null): void {
    const state = this.states.get(socket);
    if (!state || userId === null || state.userId !== null) return;
    this.stopWaiting(state);
    state.userId = userId;
    const open = (this.socketsByUser.get(userId) ?? 0) + 1;
    this.socketsByUser.set(userId, open);
    if (open > this.options.maxConnectionsPerUser) {
      socket.close(CLOSE_CODES.tryAgainLater, `Too many open connections for this account (at most ${this.options.maxConnectionsPerUser}).`);
    }
  }

  private stopWaiting(state: SocketState): void {
    if (state.deadline === null) return;
    clearTimeout(state.deadline);
    state.deadline = null;
    const waiting = (this.unauthenticatedByAddress.get(state.address) ?? 1) - 1;
    if (waiting > 0) this.unauthenticatedByAddress.set(state.address, waiting);
    else this.unauthenticatedByAddress.delete(state.address);
  }

  private release(state: SocketState): void {
    this.stopWaiting(state);
    if (state.userId === null) return;
    const open = (this.socketsByUser.get(state.userId) ?? 1) - 1;
    if (open > 0) this.socketsByUser.set(state.userId, open);
    else this.socketsByUser.delete(state.userId);
  }

  private watchFrames(socket: WebSocket, state: SocketState): void {
    const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
    (socket as unknown as { emit: typeof emit }).emit = (event, ...args) => {
      if (event !== 'message') return emit(event, ...args);
      const [data, isBinary] = args;
      const inspection = this.inspect(socket, state, data, isBinary === true);
      if (inspection.pass) return emit(event, ...args);
      if ('close' in inspection) {
        socket.close(CLOSE_CODES.policyViolation, inspection.close);
        return true;
      }
      return inspection.replacement === null ? true : emit(event, Buffer.from(inspection.replacement), false);
    };
  }

  private inspect(socket: WebSocket, state: SocketState, data: unknown, isBinary: boolean): Inspection {
    const text = isBinary || !(data instanceof Buffer || typeof data === 'string') ? null : data.toString();
    if (text === 'PING' || text === 'PONG') return { pass: true };
    let parsed: unknown = null;
    try {
      parsed = text === null ? null : JSON.parse(text);
    } catch {
      // tRPC answers it with PARSE_ERROR; it still counts as one message below.
    }
    const messages = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
    if (messages.length > this.options.maxMessagesPerFrame) {
      return { pass: false, close: `Too many messages in one frame (at most ${this.options.maxMessagesPerFrame}).` };
    }
    const now = Date.now();
    if (now - state.windowStart >= 1000) {
      state.windowStart = now;
      state.messagesInWindow = 0;
    }
    state.messagesInWindow += messages.length;
    if (state.messagesInWindow > this.options.maxMessagesPerSecond) {
      return { pass: false, close: `Too many messages per second (at most ${this.options.maxMessagesPerSecond}).` };
    }
    const kept = messages.filter((message) => this.admitMessage(socket, state, message));
    if (kept.length === messages.length) return { pass: true };
    return { pass: false, replacement: kept.length === 0 ? null : JSON.stringify(Array.isArray(parsed) ? kept : kept[0]) };
  }

  /** Tracks subscriptions; refuses (with a TOO_MANY_REQUESTS answer to its id) one past the cap. */
  private admitMessage(socket: WebSocket, state: SocketState, message: unknown): boolean {
    if (typeof message !== 'object' || message === null || !('id' in message) || !('method' in message)) return true;
    const id = message.id;
    if (typeof id !== 'string' && typeof id !== 'number') return true;
    if (message.method === 'subscription.stop') {
      state.subscriptions.delete(id);
      return true;
    }
    if (message.method !== 'subscription' || state.subscriptions.has(id)) return true;
    if (state.subscriptions.size >= this.options.maxSubscriptions) {
      const refusal = trpcErrorBody('TOO_MANY_REQUESTS', 429, `Too many subscriptions on one connection (at most ${this.options.maxSubscriptions}).`);
      socket.send(JSON.stringify({ id, ...refusal }));
      return false;
    }
    state.subscriptions.add(id);
    return true;
  }
}
