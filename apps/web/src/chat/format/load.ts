import { useSyncExternalStore, type ReactNode } from 'react';
import type { MentionContext } from './Mentions.js';

export type Formatter = (body: string, mentions: MentionContext) => ReactNode;

// The Markdown parser is loaded on demand, so the first page stays light; until it arrives,
// messages show as plain text (with mentions), and every MessageText re-renders once it has.
let formatter: Formatter | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function loadFormatter(): Promise<void> {
  loading ??= import('./formatted.js').then(
    (module) => {
      formatter = module.formatMessage;
      for (const listener of listeners) listener();
    },
    () => {
      // offline or a stale deploy: stay plain, and try again on the next message shown
      loading = null;
    },
  );
  return loading;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  void loadFormatter();
  return () => listeners.delete(listener);
}

/** The formatter once loaded, else null (and the load is under way). */
export function useFormatter(): Formatter | null {
  return useSyncExternalStore(subscribe, () => formatter);
}
