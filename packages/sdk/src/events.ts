import type { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@confab/api/router';
import { reconnectDelayMs } from './backoff.js';
import type { ConfabTRPCClient } from './trpc-client.js';

type OnEventObserver = NonNullable<Parameters<ConfabTRPCClient['sync']['onEvent']['subscribe']>[1]>;
type TrackedEvent = Parameters<NonNullable<OnEventObserver['onData']>>[0];

/** One event of `sync.onEvent`: a union tagged by `type` ('message.created', ..., 'sync.reset'). */
export type ConfabEvent = TrackedEvent['data'];
export type ConfabEventType = ConfabEvent['type'];
/** The event of one type, e.g. `EventOf<'message.created'>` has `message`. */
export type EventOf<T extends ConfabEventType> = Extract<ConfabEvent, { type: T }>;

type Handled = void | Promise<void>;

export interface EventHandlers {
  /** resume after this event (a `lastEventId` you saved before a restart); leave it out to start from now */
  lastEventId?: string | null;
  /** called for every event, in order, one at a time (an async handler is awaited before the next event) */
  onEvent?: (event: ConfabEvent, id: string) => Handled;
  /** called for events of one type, before `onEvent` */
  on?: { [T in ConfabEventType]?: (event: EventOf<T>, id: string) => Handled };
  /** the server has the subscription (again, after a reconnect): every event committed from now on will arrive */
  onStarted?: () => void;
  /** the stream was too far behind to replay: refetch rooms and open pages (without it, `onEvent` gets the reset) */
  onReset?: () => Handled;
  /**
   * A handler threw (the stream moves on), or the stream failed. A `TRPCClientError` with a 4xx
   * `data.code` (UNAUTHORIZED after a sign-out, say) ends the stream; anything else is retried.
   */
  onError?: (error: Error) => void;
}

export interface EventStream {
  /** the id of the last event your handlers finished with: save it, pass it back as `lastEventId` after a restart */
  readonly lastEventId: string | null;
  /** true after `stop()`, after `close()` of the client, or after an error that ends the stream */
  readonly isStopped: boolean;
  stop(): void;
}

/**
 * Follows `sync.onEvent` with resume at every level: the socket re-sends the last tracked id when it
 * reconnects, the retryLink does on a server error, and this loop does when it has to re-subscribe.
 */
export function followEvents(trpc: ConfabTRPCClient, isClientClosed: () => boolean, handlers: EventHandlers): EventStream {
  let lastEventId = handlers.lastEventId ?? null;
  // Received but possibly still queued for the handlers; a re-subscription resumes after it.
  let receivedId = lastEventId;
  let stopped = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let subscription: { unsubscribe(): void } | null = null;
  let queue: Promise<void> = Promise.resolve();

  const report = (error: unknown) => {
    try {
      handlers.onError?.(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // an error handler that throws has nowhere left to report to
    }
  };

  async function deliver(id: string, event: ConfabEvent): Promise<void> {
    if (stopped) return;
    try {
      if (event.type === 'sync.reset' && handlers.onReset) {
        await handlers.onReset();
      } else {
        // TypeScript cannot tie the handler's parameter to `event.type`; the map's type guarantees it.
        const typed = handlers.on?.[event.type] as ((event: ConfabEvent, id: string) => Handled) | undefined;
        await typed?.(event, id);
        await handlers.onEvent?.(event, id);
      }
    } catch (error) {
      report(error);
    }
    lastEventId = id;
  }

  function retryLater() {
    if (stopped || isClientClosed()) return stop();
    retryTimer = setTimeout(subscribe, reconnectDelayMs(attempt++));
  }

  // Without an id the stream starts at the log's position now, so it has an id to resume from even
  // if the socket drops before its first event (from "now" again it would miss what came meanwhile).
  function subscribe() {
    if (stopped) return;
    if (receivedId !== null) return follow();
    trpc.sync.position.query().then(
      ({ lastEventId: position }) => {
        if (stopped) return;
        receivedId ??= position;
        follow();
      },
      (error: TRPCClientError<AppRouter>) => {
        if (endsTheStream(error)) stop();
        else retryLater();
        report(error);
      },
    );
  }

  function follow() {
    subscription = trpc.sync.onEvent.subscribe(
      { lastEventId: receivedId },
      {
        onStarted() {
          try {
            handlers.onStarted?.();
          } catch (error) {
            report(error);
          }
        },
        onData({ id, data }) {
          attempt = 0;
          // A reset may carry a lower id (the server's log was replaced); it always gets through.
          if (stopped || (data.type !== 'sync.reset' && !isAfter(id, receivedId))) return;
          receivedId = id;
          queue = queue.then(() => deliver(id, data));
        },
        onError(error) {
          subscription = null;
          if (endsTheStream(error)) stop();
          else retryLater();
          report(error);
        },
        // The server ended the stream, or the client was closed: resume unless we are done.
        onComplete() {
          subscription = null;
          retryLater();
        },
      },
    );
  }

  function stop() {
    stopped = true;
    clearTimeout(retryTimer);
    subscription?.unsubscribe();
    subscription = null;
  }

  subscribe();
  return {
    get lastEventId() {
      return lastEventId;
    },
    get isStopped() {
      return stopped;
    },
    stop,
  };
}

function endsTheStream(error: TRPCClientError<AppRouter>): boolean {
  const status = error.data?.httpStatus;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** Tracked ids are event sequence numbers; this guards against a replayed event being handled twice. */
function isAfter(id: string, previous: string | null): boolean {
  if (previous === null) return true;
  if (/^\d+$/.test(id) && /^\d+$/.test(previous)) return BigInt(id) > BigInt(previous);
  return id !== previous;
}
