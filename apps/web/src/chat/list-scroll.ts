import { elementScroll, type VirtualizerOptions } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';

type ScrollToFn = VirtualizerOptions<HTMLDivElement, Element>['scrollToFn'];

/**
 * Where the message list last left its scroll position: its own writes (landing, staying at the
 * bottom, keeping your place), its virtualizer's corrections for measured rows, and what the last
 * scroll event said. The view anywhere else was moved by the reader (a wheel, the scrollbar, keys,
 * a script), maybe so recently that the browser has not fired the scroll event yet. So before each
 * write the list asks `moved()` instead of trusting its flags: a render that comes between a
 * scroll and its event would otherwise put the view back (the view snapped back to the bottom, or
 * to a landed message, and older pages never loaded).
 */
export function useScrollTracker() {
  const expected = useRef(0);
  return useMemo(() => {
    /** how far something other than the list moved the view since the list last knew (0: nothing) */
    const moved = (element: HTMLElement): number => {
      const distance = element.scrollTop - expected.current;
      return Math.abs(distance) > 1 ? distance : 0;
    };
    /** the list has taken in where the view is now */
    const seen = (element: HTMLElement): void => {
      expected.current = element.scrollTop;
    };
    /** puts the view at `top` (the browser may clamp it) and remembers where it ended */
    const write = (element: HTMLElement, top: number): void => {
      element.scrollTo({ top, behavior: 'instant' });
      seen(element);
    };
    /** the virtualizer's writes, on top of a movement of the reader's not handled yet (kept for the list to see) */
    const scrollToFn: ScrollToFn = (offset, options, instance) => {
      const element = instance.scrollElement;
      if (!element) return;
      const pending = moved(element);
      elementScroll(offset + pending, { ...options, behavior: 'instant' }, instance);
      expected.current = element.scrollTop - pending;
    };
    return { moved, seen, write, scrollToFn };
  }, []);
}

/** The view ends within `slack` px of the end of the list. */
export function nearBottom(element: HTMLElement, slack: number): boolean {
  return element.scrollHeight - element.scrollTop - element.clientHeight < slack;
}
