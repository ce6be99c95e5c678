import type { ConfabEvent, EventHandlers, EventStream } from './events.js';

export interface SubscribeEventsOptions {
  /** resume after this event (one you saved); leave it out to start from now */
  lastEventId?: string | null;
  /** ends the iteration */
  signal?: AbortSignal;
}

export interface TrackedConfabEvent {
  /** save it to resume after a restart (`lastEventId`) */
  id: string;
  event: ConfabEvent;
}

/**
 * `events()` as an async iterator: `for await (const { id, event } of client.subscribeEvents())`.
 * The stream waits while your loop body runs, so events are handled one at a time, in order. A
 * stream error that ends the stream (a 4xx such as UNAUTHORIZED) is thrown from the loop.
 */
export function iterateEvents(
  follow: (handlers: EventHandlers) => EventStream,
  options: SubscribeEventsOptions = {},
): AsyncIterableIterator<TrackedConfabEvent> {
  let offered: { item: TrackedConfabEvent; taken: () => void } | null = null;
  let wakeReader: (() => void) | null = null;
  let failure: Error | null = null;
  let done = false;
  const wake = () => {
    wakeReader?.();
    wakeReader = null;
  };

  let stream: EventStream | null = null;
  stream = follow({
    lastEventId: options.lastEventId,
    onEvent: (event, id) =>
      new Promise<void>((taken) => {
        offered = { item: { id, event }, taken };
        wake();
      }),
    onError(error) {
      // Only errors that end the stream matter here; the others are retried by the stream itself.
      if (!stream?.isStopped) return;
      failure = error;
      wake();
    },
  });

  const finish = () => {
    done = true;
    stream?.stop();
    offered?.taken();
    offered = null;
    wake();
  };
  options.signal?.addEventListener('abort', finish, { once: true });

  const iterator: AsyncIterableIterator<TrackedConfabEvent> = {
    async next() {
      for (;;) {
        if (offered) {
          const { item, taken } = offered;
          offered = null;
          taken();
          return { value: item, done: false };
        }
        if (failure) {
          const error = failure;
          failure = null;
          finish();
          throw error;
        }
        if (done || options.signal?.aborted) {
          finish();
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => (wakeReader = resolve));
      }
    },
    async return() {
      finish();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
