import { tracked, type TrackedEnvelope } from '@trpc/server';
import type { StoredEvent, SyncEvent } from './types.js';

// What `sync.onEvent` yields: each event tracked by its seq, so a client resumes with the last id.

const toSyncEvent = (stored: StoredEvent): SyncEvent => ({ ...stored.event, seq: stored.seq, occurredAt: stored.occurredAt });

export const trackedEvent = (stored: StoredEvent): TrackedEnvelope<SyncEvent> => tracked(String(stored.seq), toSyncEvent(stored));

// A live event reaches many subscribers: its envelope is built once and shared (tRPC only reads it).
const liveEnvelopes = new WeakMap<StoredEvent, TrackedEnvelope<SyncEvent>>();
// ...and its JSON is written once for all of them: the host's wire encoder asks `sharedJson`
// (null until the first subscriber's frame is encoded).
const sharedEvents = new WeakMap<object, string | null>();

export function liveEnvelope(stored: StoredEvent): TrackedEnvelope<SyncEvent> {
  let envelope = liveEnvelopes.get(stored);
  if (!envelope) {
    envelope = trackedEvent(stored);
    liveEnvelopes.set(stored, envelope);
    sharedEvents.set(envelope[1], null);
  }
  return envelope;
}

/**
 * The JSON of a live event that many subscribers receive, serialised on first use and then
 * reused; undefined for any other value (the encoder then serialises it as usual).
 */
export function sharedJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const json = sharedEvents.get(value);
  if (json === undefined) return undefined;
  if (json !== null) return json;
  const serialised = JSON.stringify(value);
  sharedEvents.set(value, serialised);
  return serialised;
}
