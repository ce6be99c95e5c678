import type { LiveAudience } from './audience.js';
import type { StoredEvent } from './types.js';

/**
 * Carries committed events to live subscribers. One process uses the in-memory bus; a second
 * transport (Redis pub/sub, say) can implement the same methods without touching routers.
 */
export interface EventBus {
  /**
   * Publishes a committed event. Events go out in seq order: a seq above the last one published
   * plus one means another process wrote the ones between, and those go out first.
   */
  publish(event: StoredEvent): void;
  /** publishes what other processes wrote since the last publish (events/external.ts calls it when the database moved) */
  catchUp(): void;
  /**
   * The events that reach `audience`, decided in publish order from the moment of the call (not
   * of the first iteration, so a caller can listen first and read the backlog after) until
   * `signal` aborts.
   */
  subscribe(audience: LiveAudience, signal: AbortSignal): LiveStream;
  /**
   * A transport that writes a subscription's values to its client itself (Confab's WebSocket
   * handler) offers that subscription's sink here, under the signal it passes the procedure;
   * the stream may then be handed over to it (`LiveStream.handOver`).
   */
  offerSink(signal: AbortSignal, sink: (value: unknown) => void): void;
  /** live subscriptions right now (for health checks, and for tests that prove nothing leaks) */
  subscriberCount(): number;
}

interface LiveStream extends AsyncIterable<StoredEvent> {
  /**
   * If a sink was offered for this stream's signal, from now on every event reaching it (those
   * already queued first) goes through `toValue` into the sink, synchronously, in publish order,
   * instead of through the iterator, so fan-out steps no async iteration per subscriber; true
   * then. `toValue` returns null to skip an event. False (nothing changes) without a sink.
   */
  handOver(toValue: (stored: StoredEvent) => unknown): boolean;
}

/**
 * Where the bus finds the events other processes wrote (the `confab` CLI on the same DATA_DIR;
 * events/external.ts reads them from the event log).
 */
export interface WrittenElsewhere {
  /** the highest seq already in the log when the bus starts: none of those are published */
  lastSeq: number;
  /** up to `limit` events with `afterSeq < seq < beforeSeq`, in seq order */
  between(afterSeq: number, beforeSeq: number, limit: number): StoredEvent[];
}

const CATCH_UP_PAGE = 500;

interface Subscriber {
  audience: LiveAudience;
  deliver(stored: StoredEvent): void;
}

/**
 * The in-memory bus indexes its subscribers by stream (each room they follow, and their personal
 * stream) and by user, so publishing an event touches only the streams it could reach: the
 * room's followers, plus, for a join, the joining user's streams and, for a direct room, its two
 * people's (a direct room gains members without an event). Each of those decides through its own
 * audience, in publish order, and the index follows the rooms it joins and leaves.
 * `participantsOfDirect(roomId)` names the two people of a direct room, none for a group.
 *
 * With `elsewhere`, the bus also carries what other processes write. `published` is the highest
 * seq it has put out: every row at or below it went out, once. This process's own writes publish
 * in seq order right after their commit (synchronously), so a row above `published` and below a
 * new local seq can only be someone else's: it goes out first, keeping the bus in seq order
 * (subscribers drop any seq at or below the last they sent, so a late one would be lost).
 */
export function createMemoryBus(participantsOfDirect: (roomId: string) => readonly string[] = () => [], elsewhere?: WrittenElsewhere): EventBus {
  let published = elsewhere?.lastSeq ?? 0;
  const byStream = new Map<string, Set<Subscriber>>();
  const byUser = new Map<string, Set<Subscriber>>();
  const sinks = new WeakMap<AbortSignal, (value: unknown) => void>();
  let count = 0;

  function candidatesOf(stored: StoredEvent): Iterable<Subscriber> {
    const following = byStream.get(stored.streamKey);
    const others: string[] = [];
    if (stored.event.type === 'member.joined') others.push(stored.event.member.user.id);
    if (!stored.streamKey.startsWith('user:')) others.push(...participantsOfDirect(stored.streamKey));
    const extra = others.flatMap((userId) => [...(byUser.get(userId) ?? [])]);
    // A copy: deciding may move a subscriber in or out of the room's set while we go through it.
    if (extra.length === 0) return following ? [...following] : [];
    return new Set([...(following ?? []), ...extra]);
  }

  function deliver(stored: StoredEvent): void {
    const key = stored.streamKey;
    for (const subscriber of candidatesOf(stored)) {
      const { rooms, reaches } = subscriber.audience;
      const followed = rooms.has(key);
      const reached = reaches(stored);
      if (rooms.has(key) !== followed) {
        if (followed) removeFrom(byStream, key, subscriber);
        else addTo(byStream, key, subscriber);
      }
      if (reached) subscriber.deliver(stored);
    }
  }

  /** publishes the events other processes wrote below `beforeSeq` that this bus has not put out */
  function publishMissed(beforeSeq: number): void {
    if (!elsewhere) return;
    for (;;) {
      const missed = elsewhere.between(published, beforeSeq, CATCH_UP_PAGE);
      for (const stored of missed) {
        published = stored.seq;
        deliver(stored);
      }
      if (missed.length < CATCH_UP_PAGE) return;
    }
  }

  return {
    publish(stored) {
      if (stored.seq > published + 1) publishMissed(stored.seq);
      if (stored.seq > published) published = stored.seq;
      deliver(stored);
    },
    catchUp: () => publishMissed(Number.MAX_SAFE_INTEGER),
    subscribe(audience, signal) {
      const queue: StoredEvent[] = [];
      let wake: (() => void) | null = null;
      const subscriber: Subscriber = {
        audience,
        deliver(stored) {
          queue.push(stored);
          wake?.();
        },
      };
      let next = 0;
      const keys = [...audience.rooms, audience.ownStream];
      if (!signal.aborted) {
        for (const key of keys) addTo(byStream, key, subscriber);
        addTo(byUser, audience.userId, subscriber);
        count++;
        signal.addEventListener(
          'abort',
          () => {
            for (const key of [...audience.rooms, audience.ownStream]) removeFrom(byStream, key, subscriber);
            removeFrom(byUser, audience.userId, subscriber);
            count--;
            queue.length = 0;
            wake?.();
          },
          { once: true },
        );
      }
      const events = (async function* () {
        while (!signal.aborted) {
          if (next === queue.length) {
            queue.length = next = 0;
            await new Promise<void>((resolve) => (wake = resolve));
            wake = null;
            continue;
          }
          const stored = queue[next++];
          if (stored) yield stored;
        }
      })();
      return Object.assign(events, {
        handOver(toValue: (stored: StoredEvent) => unknown) {
          const sink = sinks.get(signal);
          if (!sink || signal.aborted) return false;
          const pass = (stored: StoredEvent) => {
            const value = toValue(stored);
            if (value !== null) sink(value);
          };
          for (const stored of queue.slice(next)) pass(stored);
          queue.length = next = 0;
          subscriber.deliver = pass;
          return true;
        },
      });
    },
    offerSink(signal, sink) {
      sinks.set(signal, sink);
    },
    subscriberCount: () => count,
  };
}

function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
