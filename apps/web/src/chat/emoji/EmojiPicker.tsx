import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { Popover } from '../actions/Popover.js';
import { GROUPS, useEmojiIndex, type Emoji } from './data.js';
import { recentEmoji, rememberEmoji } from './recent.js';
import '../../styles/emoji.css';

interface Props {
  anchor: RefObject<HTMLElement | null>;
  sheet: boolean;
  onPick: (emoji: string) => void;
  /** `returnFocus`: closed by Escape, so the focus goes back where the picker came from */
  onClose: (returnFocus: boolean) => void;
}

const COLUMNS = 8;
const RECENT = -1;

/**
 * Any emoji as a reaction: search by name or shortcode, recently used first, then the
 * categories. The dataset (emojibase) loads on first open; the recent ones show at once.
 */
export function EmojiPicker({ anchor, sheet, onPick, onClose }: Props) {
  const index = useEmojiIndex();
  const [query, setQuery] = useState('');
  const [tab, setTab] = useState(RECENT);
  const [recent] = useState(recentEmoji);
  // Enter in the search before the dataset has loaded: the best match is picked once it is there
  const [enterWaiting, setEnterWaiting] = useState(false);
  const gridRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => searchRef.current?.focus(), []);

  const labelled = (emoji: string): Emoji => index?.all.find((e) => e.emoji === emoji) ?? { emoji, label: emoji, shortcodes: [], tags: [], group: 0 };
  const shown: Emoji[] = query.trim() ? (index?.search(query) ?? []) : tab === RECENT ? recent.map(labelled) : (index?.byGroup.get(tab) ?? []);

  const pick = useCallback(
    (emoji: string) => {
      rememberEmoji(emoji);
      onPick(emoji);
    },
    [onPick],
  );

  useEffect(() => {
    if (!enterWaiting || !index) return;
    setEnterWaiting(false);
    const best = index.search(query)[0];
    if (best) pick(best.emoji);
  }, [enterWaiting, index, query, pick]);

  const onGridKeyDown = (event: KeyboardEvent) => {
    const buttons = Array.from(gridRef.current?.querySelectorAll<HTMLElement>('button') ?? []);
    const at = buttons.findIndex((button) => button === document.activeElement);
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
    const step = moves[event.key];
    if (step === undefined || at < 0) return;
    event.preventDefault();
    const next = at + step;
    if (next < 0) searchRef.current?.focus();
    else buttons[Math.min(next, buttons.length - 1)]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose(true);
  };

  const onSearchKeyDown = (event: KeyboardEvent) => {
    const first = shown[0];
    if (event.key === 'Enter' && first) {
      event.preventDefault();
      pick(first.emoji);
    } else if (event.key === 'Enter' && !index && query.trim()) {
      event.preventDefault();
      setEnterWaiting(true);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      gridRef.current?.querySelector<HTMLElement>('button')?.focus();
    }
  };

  const heading = query.trim() ? 'Search results' : tab === RECENT ? 'Recently used' : (GROUPS.find((g) => g.id === tab)?.label ?? '');
  return (
    <Popover anchor={anchor} sheet={sheet} onClose={() => onClose(false)} className="emoji-popover" dialogLabel="Pick a reaction">
      <div className="emoji-panel" onKeyDown={onKeyDown}>
        <input
          ref={searchRef}
          className="emoji-search"
          type="search"
          placeholder="Search emoji"
          aria-label="Search emoji"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onSearchKeyDown}
        />
        {!query.trim() && (
          <div className="emoji-tabs" role="group" aria-label="Emoji categories">
            <button
              className="emoji-tab"
              aria-pressed={tab === RECENT}
              title="Recently used"
              aria-label="Recently used"
              onClick={() => setTab(RECENT)}
            >
              🕘
            </button>
            {GROUPS.map((group) => (
              <button
                key={group.id}
                className="emoji-tab"
                aria-pressed={tab === group.id}
                title={group.label}
                aria-label={group.label}
                onClick={() => setTab(group.id)}
              >
                {group.icon}
              </button>
            ))}
          </div>
        )}
        <p className="emoji-heading">{heading}</p>
        <div className="emoji-grid" ref={gridRef} onKeyDown={onGridKeyDown}>
          {shown.map((emoji) => (
            <button
              key={emoji.emoji}
              className="emoji-choice"
              aria-label={`React with ${emoji.emoji}`}
              title={emoji.shortcodes[0] ? `:${emoji.shortcodes[0]}: ${emoji.label}` : emoji.label}
              onClick={() => pick(emoji.emoji)}
            >
              {emoji.emoji}
            </button>
          ))}
          {shown.length === 0 && <p className="emoji-empty">{index ? 'No emoji by that name.' : 'Loading emoji…'}</p>}
        </div>
      </div>
    </Popover>
  );
}
