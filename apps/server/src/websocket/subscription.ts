import type { FrameWriter, RequestKey } from './frames.js';

interface SubscriptionPeer {
  /** writes one frame to the client's socket */
  send(frame: string | Buffer): void;
  /** a value the iterable threw: report it and answer it as the subscription's error */
  fail(cause: unknown): void;
  /** the subscription is over, however it ended: forget it */
  forget(): void;
}

/**
 * Streams a subscription's values to its client as tRPC's adapter does (`data` frames, then
 * `stopped`; an error frame then `stopped` when the iterable throws), minus the per-value
 * promise race against the abort: every Confab stream honours its `signal` and ends by itself,
 * and on abort the client is told `stopped` at once while the iterator is asked to return, so a
 * stream stuck in an await costs nothing but its own pending step.
 */
export function streamSubscription(
  key: RequestKey,
  iterable: AsyncIterable<unknown>,
  signal: AbortSignal,
  frames: FrameWriter,
  peer: SubscriptionPeer,
): void {
  const iterator = iterable[Symbol.asyncIterator]();
  let finished = false;
  const finish = () => {
    if (finished) return false;
    finished = true;
    signal.removeEventListener('abort', onAbort);
    peer.send(frames.message({ id: key.id, jsonrpc: key.jsonrpc, result: { type: 'stopped' } }));
    peer.forget();
    return true;
  };
  const onAbort = () => {
    if (finish()) void iterator.return?.().catch(() => {});
  };
  signal.addEventListener('abort', onAbort, { once: true });

  // The first `next()` runs synchronously up to the stream's first await, so it is listening
  // (e.g. on the bus) before the caller answers `started`.
  void (async () => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (finished) return;
        if (next.done === true) break;
        peer.send(frames.data(key, next.value));
      }
    } catch (cause) {
      if (finished) return;
      peer.fail(cause);
    }
    finish();
  })();
}
