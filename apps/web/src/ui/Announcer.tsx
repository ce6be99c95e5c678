import { useEffect, useRef } from 'react';
import { createStore, useStore } from '../lib/store.js';

interface Announcement {
  id: number;
  text: string;
}

const latest = createStore<Announcement>({ id: 0, text: '' });

/** Says `text` once to screen readers, politely (after what they are reading now). */
export function announce(text: string): void {
  latest.set((current) => ({ id: current.id + 1, text }));
}

/**
 * The one polite live region of the signed-in app. Each announcement is a new child, so the same
 * words said twice are read twice; nothing else on the page is a live region that could flood.
 */
export function Announcer() {
  const { id, text } = useStore(latest, (value) => value);
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" id="announcer">
      {text && <span key={id}>{text}</span>}
    </div>
  );
}

/**
 * Announces `text` once it has stayed the same for `delayMs`, and never the same words twice in a
 * row: typing and connection states flicker, and a screen reader should hear where they settle.
 * An empty text is never said; it only lets the next non-empty one be said again.
 */
export function useSettledAnnouncement(text: string, delayMs: number, onSaid?: (text: string) => void): void {
  const said = useRef('');
  const onSaidRef = useRef(onSaid);
  onSaidRef.current = onSaid;
  useEffect(() => {
    if (!text) {
      said.current = '';
      return;
    }
    if (text === said.current) return;
    const timer = setTimeout(() => {
      said.current = text;
      announce(text);
      onSaidRef.current?.(text);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs]);
}
