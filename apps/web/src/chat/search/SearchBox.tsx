import { lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Me } from '@confab/api/router';
import { SearchIcon } from '../../ui/icons.js';
import { focusComposer } from '../reply/composer-state.js';

// The results panel (queries, paging, the switcher) is a chunk of its own, loaded on first focus.
const SearchPanel = lazy(() => import('./SearchPanel.js'));

/** keys the panel handles (arrows, Enter); true when it used the key */
export type PanelKeys = (event: KeyboardEvent<HTMLInputElement>) => boolean;

/** `/` (when not typing somewhere) or Ctrl+K / ⌘K focuses the box from anywhere. */
function isShortcut(event: globalThis.KeyboardEvent): boolean {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') return true;
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return false;
  const target = event.target;
  return !(target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select')));
}

/**
 * One box for messages in every room and DM, and for rooms and people by name (a quick switcher).
 * It is a combobox: the options live in the panel, the focus stays in the box.
 */
export function SearchBox({ me }: { me: Me }) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [activeId, setActiveId] = useState<string | undefined>(undefined);
  const wrapRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const keys = useRef<PanelKeys | null>(null);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!isShortcut(event)) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
      setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const close = (backToComposer: boolean) => {
    setOpen(false);
    setActiveId(undefined);
    if (backToComposer) {
      inputRef.current?.blur();
      focusComposer();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (open) close(true);
      else setQuery('');
      return;
    }
    if (!open) setOpen(true);
    if (keys.current?.(event)) event.preventDefault();
  };

  return (
    <div className="search-box" role="search" ref={wrapRef}>
      <SearchIcon />
      <input
        ref={inputRef}
        type="text"
        role="combobox"
        aria-label="Search messages, rooms and people"
        aria-expanded={open}
        aria-controls={open ? 'search-results' : undefined}
        aria-autocomplete="list"
        aria-activedescendant={open ? activeId : undefined}
        placeholder="Search"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      <kbd className="search-shortcut" aria-hidden="true">
        /
      </kbd>
      {open && (
        <Suspense fallback={null}>
          <SearchPanel
            me={me}
            query={query}
            onQueryChange={(next) => {
              setQuery(next);
              inputRef.current?.focus();
            }}
            anchor={wrapRef}
            keys={keys}
            onActiveChange={setActiveId}
            onClose={close}
          />
        </Suspense>
      )}
    </div>
  );
}
