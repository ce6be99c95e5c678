import { EventEmitter } from 'node:events';
import { listen } from './listen.js';
import type { StoredEvent } from './types.js';

/**
 * Carries committed events to live subscribers. One process uses the in-memory bus; a second
 * transport (Redis pub/sub, say) can implement the same two methods without touching routers.
 */
export interface EventBus {
  publish(event: StoredEvent): void;
  /** every event published from the moment of the call, until `signal` aborts */
  subscribe(signal: AbortSignal): AsyncIterable<StoredEvent>;
  /** live subscriptions right now (for health checks, and for tests that prove nothing leaks) */
  subscriberCount(): number;
}

export function createMemoryBus(): EventBus {
  const emitter = new EventEmitter();
  // One listener per live subscription: many sockets must not trip the leak warning.
  emitter.setMaxListeners(0);
  return {
    publish: (event) => void emitter.emit('event', event),
    subscribe: (signal) => listen<StoredEvent>(emitter, 'event', signal),
    subscriberCount: () => emitter.listenerCount('event'),
  };
}
