import { useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

interface Props {
  /** the element it opens from; it sits below it (above when there is no room), right-aligned */
  anchor: RefObject<HTMLElement | null>;
  /** a bottom sheet instead (a long-press on a phone) */
  sheet?: boolean;
  /** never a sheet, even on a narrow screen (the search results hang below their box) */
  anchoredOnly?: boolean;
  /** `start`: left edges aligned (default: right edges) */
  align?: 'start' | 'end';
  onClose: () => void;
  className?: string;
  /** a dialog (the emoji picker) is named; a menu inside names itself */
  dialogLabel?: string;
  children: ReactNode;
}

const GAP = 6;
const MARGIN = 8;

/**
 * A floating panel in a portal: the message list scrolls and its rows are transformed, so a
 * panel inside a row would be clipped by the list and painted over by the next row.
 * A pointer-down outside closes it; keys are the content's business.
 */
export function Popover({ anchor, sheet = false, anchoredOnly = false, align = 'end', onClose, className, dialogLabel, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const narrow = useNarrow();
  const asSheet = !anchoredOnly && (sheet || narrow);

  useLayoutEffect(() => {
    if (asSheet) return;
    const place = () => {
      const panel = ref.current;
      const target = anchor.current;
      if (!panel || !target) return;
      const box = target.getBoundingClientRect();
      const { offsetWidth: width, offsetHeight: height } = panel;
      const below = box.bottom + GAP;
      const top = below + height > window.innerHeight - MARGIN && box.top - GAP - height > MARGIN ? box.top - GAP - height : below;
      const wanted = align === 'start' ? box.left : box.right - width;
      const left = Math.max(MARGIN, Math.min(wanted, window.innerWidth - width - MARGIN));
      setPosition({ top: Math.max(MARGIN, top), left });
    };
    place();
    const observer = new ResizeObserver(place);
    if (ref.current) observer.observe(ref.current);
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, true);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
    };
  }, [anchor, asSheet, align]);

  useEffect(() => {
    const outside = (event: PointerEvent) => {
      const target = event.target;
      if (!(target instanceof Node)) return;
      if (ref.current?.contains(target) || anchor.current?.contains(target)) return;
      onClose();
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [anchor, onClose]);

  // until placed: invisible but focusable (the menu focuses its first item at once)
  const style = asSheet ? undefined : position ? { top: position.top, left: position.left } : { top: 0, left: 0, opacity: 0 };
  return createPortal(
    <>
      {asSheet && <div className="sheet-backdrop" aria-hidden="true" />}
      <div
        ref={ref}
        className={`popover${asSheet ? ' sheet' : ''} ${className ?? ''}`}
        style={style}
        role={dialogLabel ? 'dialog' : undefined}
        aria-label={dialogLabel}
      >
        {children}
      </div>
    </>,
    document.body,
  );
}

function useNarrow(): boolean {
  const [narrow] = useState(() => window.matchMedia('(max-width: 720px)').matches);
  return narrow;
}
