import { tracked, type TrackedEnvelope } from '@trpc/server';
import type { StoredEvent, SyncEvent } from './types.js';

// What `sync.onEvent` yields: each event tracked by its seq, so a client resumes with the last id.

const toSyncEvent = (stored: StoredEvent): SyncEvent => ({ ...stored.event, seq: stored.seq, occurredAt: stored.occurredAt });

export const trackedEvent = (stored: StoredEvent): TrackedEnvelope<SyncEvent> => tracked(String(stored.seq), toSyncEvent(stored));

// A live event reaches many subscribers: its envelope is built once and shared (tRPC only reads it).
const liveEnvelopes = new WeakMap<StoredEvent, TrackedEnvelope<SyncEvent>>();
export function liveEnvelope(stored: StoredEvent): TrackedEnvelope<SyncEvent> {
  let envelope = liveEnvelopes.get(stored);
  if (!envelope) {
    envelope = trackedEvent(stored);
    liveEnvelopes.set(stored, envelope);
  }
  return envelope;
}
