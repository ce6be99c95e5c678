import { TRPCClientError, type ConfabClient, type SyncEvent } from '@confab/sdk';

// Pieces of the resume-equals-live property test (resume-membership.test.ts).

/** A stream that drops and resumes from the last id it saw, as a client on a flaky network does. */
export function resumingTwin(client: ConfabClient, lastEventId: string | null) {
  const events: SyncEvent[] = [];
  const errors: unknown[] = [];
  let lastId = lastEventId;
  let session: { unsubscribe(): void; active: boolean } | null = null;
  return {
    events,
    errors,
    get connected() {
      return session !== null;
    },
    /** resolves once the server has started the subscription */
    connect(): Promise<void> {
      // Only the live session records: a stopped one may still get a frame in flight, which a client ignores.
      const current = { active: true, unsubscribe: () => {} };
      let resolveStarted: () => void = () => {};
      const started = new Promise<void>((resolve) => (resolveStarted = resolve));
      const subscription = client.sync.onEvent.subscribe(
        { lastEventId: lastId },
        {
          onStarted: () => resolveStarted(),
          onData(tracked) {
            if (!current.active) return;
            lastId = tracked.id;
            events.push(tracked.data);
          },
          onError: (error) => errors.push(error),
        },
      );
      current.unsubscribe = () => {
        current.active = false;
        subscription.unsubscribe();
      };
      session = current;
      return started;
    },
    disconnect() {
      session?.unsubscribe();
      session = null;
    },
  };
}

/** mulberry32: a small seeded generator, so a failing seed replays the same run */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)];
  return { next, pick };
}

/** A refusal the random run may provoke (editing a message one can no longer see, say); anything else is a failure. */
export async function allowRefusal(action: Promise<unknown>): Promise<void> {
  try {
    await action;
  } catch (error) {
    const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
    if (!code || !['NOT_FOUND', 'FORBIDDEN', 'BAD_REQUEST', 'CONFLICT'].includes(code)) throw error;
  }
}

export const summary = (events: SyncEvent[]) => events.map((e) => `${e.seq}:${e.type}:${'roomId' in e ? e.roomId.slice(0, 6) : ''}`);
