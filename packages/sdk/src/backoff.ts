/** Retry delay for attempt 0, 1, 2, ...: never 0 ms (a 0 ms retry turns a refused socket into a hot loop), capped at 10 s. */
export const reconnectDelayMs = (attempt: number) => Math.min(250 * 2 ** attempt, 10_000);

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
