import { createTRPCClient, createWSClient, httpBatchLink, retryLink, splitLink, wsLink, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '@confab/api/router';
import { reconnectDelayMs } from './backoff.js';
import { ConnectionStateTracker, type ConnectionState, type ConnectionStateListener } from './connection-state.js';
import { iterateEvents, type SubscribeEventsOptions, type TrackedConfabEvent } from './event-iterator.js';
import { followEvents, type EventHandlers, type EventStream } from './events.js';
import { sendMessage, type SendOptions, type SentMessage } from './send.js';
import type { ConfabTRPCClient } from './trpc-client.js';
import { upload as uploadFile, type UploadInput, type UploadOptions, type UploadResult } from './upload.js';

export type TokenSource = string | null | undefined | (() => string | null | undefined | Promise<string | null | undefined>);

export interface ConfabClientOptions {
  /** the server's base URL, e.g. http://localhost:3000 */
  url: string;
  /**
   * a bearer token from `auth.login({ issueToken: true })`. Leave it out in a browser served by the
   * Confab server (cookie mode): the session cookie goes with every request and the socket, and
   * `reconnect()` after a sign-in or sign-out makes the socket pick up the new cookie.
   */
  token?: TokenSource;
  /**
   * an API key (`cfk_…`): a bot's key from `bot.create`, or a personal one from `apiKey.create`.
   * It is sent exactly like a token (Authorization on HTTP, connectionParams on the socket) and
   * does not expire with a session; give this or `token`, not both.
   */
  apiKey?: string;
  /** called whenever the live connection changes state (same as `client.onConnectionState`) */
  onConnectionState?: ConnectionStateListener;
}

export type SignInResult = Awaited<ReturnType<ConfabTRPCClient['auth']['login']['mutate']>> & { token: string };

export interface ConfabClientExtras {
  /** the live connection's current state */
  readonly connectionState: ConnectionState;
  /** calls `listener` on every change of `connectionState`; returns the function that stops it */
  onConnectionState(listener: ConnectionStateListener): () => void;
  /** replaces the bearer token (after a sign-in, say) and reconnects the socket with it */
  setToken(token: TokenSource): Promise<void>;
  /**
   * drops the socket so it reopens with the credentials of now: the new session cookie after a
   * sign-in or sign-out (cookie mode), or what a token function returns now. Open subscriptions
   * resume on the new socket; the state reads `connecting`, not `reconnecting`.
   */
  reconnect(): Promise<void>;
  /** the plain tRPC client underneath (e.g. for `createTRPCOptionsProxy` of @trpc/tanstack-react-query) */
  readonly trpc: ConfabTRPCClient;
  /** logs in with `issueToken: true` and uses the token from then on; returns the user and the token */
  signIn(credentials: { email: string; password: string }): Promise<SignInResult>;
  /** follows `sync.onEvent` with automatic resume; see `EventHandlers` */
  events(handlers: EventHandlers): EventStream;
  /** `events()` as an async iterator of `{ id, event }`; a 4xx that ends the stream is thrown from the loop */
  subscribeEvents(options?: SubscribeEventsOptions): AsyncIterableIterator<TrackedConfabEvent>;
  /** `message.send` with a generated clientId, retried with the same clientId on network errors and 5xx */
  send(roomId: string, body: string, options?: SendOptions): Promise<SentMessage>;
  /** uploads one file (Blob, File, bytes, or a path in Node) to POST /api/uploads; throws UploadError when refused */
  upload(input: UploadInput, options?: UploadOptions): Promise<UploadResult>;
  /** closes the socket and ends every `events()` stream; a Node process can exit afterwards */
  close(): Promise<void>;
}

export type ConfabClient = ConfabTRPCClient & ConfabClientExtras;

/** Mutations that set or clear the browser's session cookie or device mark, which a socket cannot. */
const overHttpOnly = (path: string) => path.startsWith('auth.') || path === 'user.deactivate';

/**
 * The socket takes a mutation within what the server allows a socket (a 64 KB frame, 20 calls a
 * frame and 50 a second, subscriptions included, past which it closes the socket): at most
 * `SOCKET_MUTATIONS_PER_SECOND` mutations a second, each under `SOCKET_MAX_INPUT_CHARS`; the rest
 * go over HTTP, where a large body gets its typed PAYLOAD_TOO_LARGE.
 */
const SOCKET_MUTATIONS_PER_SECOND = 20;
const SOCKET_MAX_INPUT_CHARS = 32 * 1024;

function socketBudget() {
  let windowStart = 0;
  let used = 0;
  return (path: string, input: unknown): boolean => {
    if (overHttpOnly(path)) return false;
    const now = Date.now();
    if (now - windowStart >= 1_000) {
      windowStart = now;
      used = 0;
    }
    if (used >= SOCKET_MUTATIONS_PER_SECOND || (JSON.stringify(input) ?? '').length > SOCKET_MAX_INPUT_CHARS) return false;
    used++;
    return true;
  };
}

/**
 * How long the socket stays open after the last subscription ends: long enough that a stream
 * restarted at once (a re-subscription, a page switching rooms) reuses it, short enough that a
 * script that stopped its streams exits soon without `close()`.
 */
const IDLE_CLOSE_MS = 3_000;

export function createClientWith(WebSocketImpl: typeof WebSocket, options: ConfabClientOptions): ConfabClient {
  const base = options.url.replace(/\/+$/, '');
  if (options.token && options.apiKey) throw new TypeError('createConfabClient: give either token or apiKey, not both.');
  let token: TokenSource = options.token ?? options.apiKey;
  const currentToken = async () => (typeof token === 'function' ? await token() : token) ?? null;

  const connection = new ConnectionStateTracker();
  if (options.onConnectionState) connection.listen(options.onConnectionState);

  // Subscriptions that want the socket now. Counted above the retryLink, so a retry is not a new one.
  let activeSubscriptions = 0;
  const countSubscriptions: TRPCLink<AppRouter> =
    () =>
    ({ op, next }) =>
      observable((observer) => {
        activeSubscriptions += 1;
        connection.connecting();
        const subscription = next(op).subscribe(observer);
        return () => {
          activeSubscriptions -= 1;
          subscription.unsubscribe();
        };
      });

  // Lazy: the socket opens only for a subscription and closes once none is left (mutations use it
  // while it is open, see below). A one-shot script therefore holds no socket and exits by itself.
  const wsClient = createWSClient({
    url: `${base.replace(/^http/, 'ws')}/trpc`,
    WebSocket: WebSocketImpl,
    lazy: { enabled: true, closeMs: IDLE_CLOSE_MS },
    connectionParams: async () => {
      const value = await currentToken();
      return value ? { token: value } : null;
    },
    retryDelayMs: reconnectDelayMs,
    // A socket that went silent (a laptop asleep, a NAT that forgot us) is noticed and replaced
    // instead of looking live for as long as TCP takes to give up.
    keepAlive: { enabled: true, intervalMs: 20_000, pongTimeoutMs: 10_000 },
    onOpen: () => connection.opened(),
    onClose: () => (activeSubscriptions === 0 ? connection.idled() : connection.lost()),
  });

  const socketTakes = socketBudget();
  const http = httpBatchLink({
    url: `${base}/trpc`,
    maxURLLength: 2000,
    // The server refuses a batch of more than 20 calls (TRPC_MAX_BATCH); many calls at once go as several batches.
    maxItems: 20,
    async headers() {
      const value = await currentToken();
      return value ? { authorization: `Bearer ${value}` } : {};
    },
  });

  const trpc: ConfabTRPCClient = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        // `sync.position` is how a stream without a lastEventId starts (events.ts): it belongs with it.
        condition: (op) => op.type === 'subscription' || op.path === 'sync.position',
        true: [
          countSubscriptions,
          // A server error mid-stream resumes from the last tracked event instead of ending the stream.
          retryLink({
            retry: ({ error, attempts }) => attempts < 8 && (error.data?.code === 'INTERNAL_SERVER_ERROR' || !error.data),
            retryDelayMs: reconnectDelayMs,
          }),
          wsLink({ client: wsClient }),
        ],
        // A mutation goes over the socket when it is open (already signed in: no credential
        // check per request, no HTTP round of headers); queries, and whatever sets or clears the
        // session cookie, go over HTTP. A mutation in flight when the socket drops fails as a
        // network error, so `send()` retries it (with the same clientId) over whatever is up then.
        false: splitLink({
          condition: (op) => op.type === 'mutation' && wsClient.connection?.state === 'open' && socketTakes(op.path, op.input),
          true: wsLink({ client: wsClient }),
          false: http,
        }),
      }),
    ],
  });

  // The socket authenticated once, when it opened; closing it makes the client reconnect with what
  // the credentials are now. With no socket, the next one opens with them anyway.
  async function reconnect() {
    const socket = wsClient.connection?.ws;
    if (!socket) return;
    connection.willReconnect();
    socket.close();
  }

  async function setToken(next: TokenSource) {
    token = next;
    await reconnect();
  }

  const extras: ConfabClientExtras = {
    get connectionState() {
      return connection.state;
    },
    onConnectionState: (listener) => connection.listen(listener),
    setToken,
    reconnect,
    trpc,
    async signIn({ email, password }) {
      const result = await trpc.auth.login.mutate({ email, password, issueToken: true });
      if (!result.token) throw new Error('The server did not issue a token for this sign-in.');
      await setToken(result.token);
      return { ...result, token: result.token };
    },
    events: (handlers) => followEvents(trpc, () => connection.isClosed, handlers),
    subscribeEvents: (iterateOptions) => iterateEvents((handlers) => followEvents(trpc, () => connection.isClosed, handlers), iterateOptions),
    send: (roomId, body, sendOptions) => sendMessage(trpc, roomId, body, sendOptions),
    upload: (input, uploadOptions) => uploadFile({ baseUrl: base, token: currentToken }, input, uploadOptions),
    async close() {
      connection.closedByUser();
      await wsClient.close();
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
