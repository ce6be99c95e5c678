import type { PushSendOptions, PushTarget, PushTransport } from './transport.js';

// Sends run here, off the request path: a few at a time, each retried with backoff when the push
// service is unreachable, slow or busy (timeouts, 429, 5xx), and dropped with its subscription
// when the service says it is gone (404, 410).

export interface PushJob {
  target: PushTarget;
  payload: string;
  options: PushSendOptions;
}

export interface PushQueueOptions {
  /** waits before each retry; default 1 s, 5 s, 25 s (then it gives up) */
  retryDelaysMs?: readonly number[];
  /** sends in flight at once (a push service that hangs holds one for up to the host's timeout); default 8 */
  concurrency?: number;
  /** jobs waiting at most; past it the oldest is dropped; default 10,000 */
  maxWaiting?: number;
}

export interface PushQueueEvents {
  /** the push service no longer knows this subscription */
  gone(endpoint: string): void;
  /** a job given up on, for the log */
  failed(endpoint: string, reason: string): void;
}

export function createPushQueue(transport: PushTransport, events: PushQueueEvents, options: PushQueueOptions = {}) {
  const retryDelaysMs = options.retryDelaysMs ?? [1_000, 5_000, 25_000];
  const concurrency = options.concurrency ?? 8;
  const maxWaiting = options.maxWaiting ?? 10_000;
  const waiting: { job: PushJob; attempt: number }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let stopped = false;

  function pump(): void {
    while (!stopped && inFlight < concurrency && waiting.length > 0) {
      const next = waiting.shift();
      if (next) void attempt(next.job, next.attempt);
    }
  }

  async function attempt(job: PushJob, attemptNo: number): Promise<void> {
    inFlight++;
    let retry: string | null = null;
    try {
      const status = await transport.send(job.target, job.payload, job.options);
      if (status === 404 || status === 410) events.gone(job.target.endpoint);
      else if (status === 429 || status >= 500) retry = `the push service answered ${status}`;
      else if (status >= 400) events.failed(job.target.endpoint, `the push service refused it (${status})`);
    } catch (error) {
      retry = error instanceof Error ? error.message : String(error);
    } finally {
      inFlight--;
    }
    if (retry !== null) later(job, attemptNo, retry);
    pump();
  }

  function later(job: PushJob, attemptNo: number, reason: string): void {
    const delay = retryDelaysMs[attemptNo];
    if (delay === undefined || stopped) {
      events.failed(job.target.endpoint, `gave up after ${attemptNo + 1} tries: ${reason}`);
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      enqueue(job, attemptNo + 1);
    }, delay);
    timer.unref();
    timers.add(timer);
  }

  function enqueue(job: PushJob, attemptNo = 0): void {
    if (stopped) return;
    if (waiting.length >= maxWaiting) {
      const dropped = waiting.shift();
      if (dropped) events.failed(dropped.job.target.endpoint, 'dropped: too many pushes waiting');
    }
    waiting.push({ job, attempt: attemptNo });
    pump();
  }

  return {
    push: (job: PushJob) => enqueue(job),
    stop(): void {
      stopped = true;
      waiting.length = 0;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
