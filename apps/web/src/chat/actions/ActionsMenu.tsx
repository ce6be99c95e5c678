import { useEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { Popover } from './Popover.js';

export interface MenuAction {
  label: string;
  icon: ReactNode;
  onSelect: () => void;
  danger?: boolean;
}

interface Props {
  label: string;
  actions: MenuAction[];
  /** the "…" button: it gets the focus back when the menu closes by keyboard */
  anchor: RefObject<HTMLElement | null>;
  sheet: boolean;
  onClose: () => void;
}

/**
 * A message's actions as a WAI-ARIA menu: the first item is focused on open, arrows (and
 * Home/End) move, Enter or Space picks, Escape closes and returns to the "…" button, Tab closes.
 */
export function ActionsMenu({ label, actions, anchor, sheet, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, []);

  const closeToButton = () => {
    onClose();
    anchor.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const items = Array.from(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const index = items.findIndex((item) => item === document.activeElement);
    const focusAt = (next: number) => items[(next + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        focusAt(index - 1);
        break;
      case 'Home':
        event.preventDefault();
        focusAt(0);
        break;
      case 'End':
        event.preventDefault();
        focusAt(items.length - 1);
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        closeToButton();
        break;
      case 'Tab':
        onClose();
        break;
    }
  };

  return (
    <Popover anchor={anchor} sheet={sheet} onClose={onClose} className="actions-popover">
      <div ref={ref} role="menu" aria-label={label} className="actions-menu" onKeyDown={onKeyDown}>
        {actions.map((action) => (
          <button
            key={action.label}
            role="menuitem"
            tabIndex={-1}
            className={`actions-item${action.danger ? ' danger' : ''}`}
            onClick={() => {
              // back on the "…" button first; an action that opens something moves the focus on from there
              anchor.current?.focus();
              onClose();
              action.onSelect();
            }}
          >
            {action.icon}
            <span>{action.label}</span>
          </button>
        ))}
      </div>
    </Popover>
  );
}
