import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  retryLink,
  splitLink,
  wsLink,
  type TRPCClient,
} from '@trpc/client';
import type { AppRouter } from '@confab/api/router';

export type TokenSource = string | null | undefined | (() => string | null | undefined | Promise<string | null | undefined>);

export interface ConfabClientOptions {
  /** the server's base URL, e.g. http://localhost:3000 */
  url: string;
  /** a bearer token from `auth.login({ issueToken: true })`; browsers can leave it out and use the cookie */
  token?: TokenSource;
  /** called whenever the live connection changes state */
  onConnectionState?: (state: ConnectionState) => void;
}

/** connecting: first attempt; live: socket open; reconnecting: lost and retrying; offline: closed by `close()` or idle */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface ConfabClientExtras {
  /** the live connection's current state */
  readonly connectionState: ConnectionState;
  /** replaces the bearer token (after a sign-in, say) and reconnects the socket with it */
  setToken(token: TokenSource): Promise<void>;
  /** closes the socket; a Node process can exit afterwards */
  close(): Promise<void>;
}

export type ConfabClient = TRPCClient<AppRouter> & ConfabClientExtras;

/** Reconnect backoff: never 0 ms (a 0 ms retry turns a refused socket into a hot loop), capped at 10 s. */
export const reconnectDelayMs = (attempt: number) => Math.min(250 * 2 ** attempt, 10_000);

export function createClientWith(WebSocketImpl: typeof WebSocket, options: ConfabClientOptions): ConfabClient {
  const base = options.url.replace(/\/+$/, '');
  let token: TokenSource = options.token;
  const currentToken = async () => (typeof token === 'function' ? await token() : token) ?? null;

  let state: ConnectionState = 'connecting';
  let everOpened = false;
  let closed = false;
  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    options.onConnectionState?.(next);
  };

  const wsClient = createWSClient({
    url: `${base.replace(/^http/, 'ws')}/trpc`,
    WebSocket: WebSocketImpl,
    connectionParams: async () => {
      const value = await currentToken();
      return value ? { token: value } : null;
    },
    retryDelayMs: reconnectDelayMs,
    onOpen() {
      everOpened = true;
      setState('live');
    },
    onClose() {
      setState(closed ? 'offline' : everOpened ? 'reconnecting' : 'connecting');
    },
  });

  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: [
          // A server error mid-stream resumes from the last tracked event instead of ending the stream.
          retryLink({
            retry: ({ error, attempts }) => attempts < 8 && (error.data?.code === 'INTERNAL_SERVER_ERROR' || !error.data),
            retryDelayMs: reconnectDelayMs,
          }),
          wsLink({ client: wsClient }),
        ],
        false: httpBatchLink({
          url: `${base}/trpc`,
          maxURLLength: 2000,
          async headers() {
            const value = await currentToken();
            return value ? { authorization: `Bearer ${value}` } : {};
          },
        }),
      }),
    ],
  });

  const extras: ConfabClientExtras = {
    get connectionState() {
      return state;
    },
    async setToken(next) {
      token = next;
      // The socket authenticated with the old token; the next operation reopens it with the new one.
      wsClient.connection?.ws.close();
    },
    async close() {
      closed = true;
      await wsClient.close();
      setState('offline');
    },
  };

  // The tRPC client is a proxy of router paths; the extras sit beside them under their own names.
  return new Proxy(trpc as ConfabClient, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in extras) return Reflect.get(extras, property);
      return Reflect.get(target, property, receiver);
    },
  });
}
