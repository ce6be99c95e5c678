import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ArrowDownIcon } from '../ui/icons.js';
import { MessageItem } from './MessageItem.js';
import { nearBottom, useScrollTracker } from './list-scroll.js';
import { buildRows, type MessageListProps, type Row } from './message-rows.js';
import { PendingItem } from './PendingItem.js';
import { viewing } from './viewing.js';

const BOTTOM_SLACK_PX = 80;
const LOAD_OLDER_PX = 400;
const UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);

type Props = MessageListProps;

/**
 * The room's messages, virtualized. It stays pinned to the bottom while you are there, offers a
 * jump button when you are reading older messages, and keeps your place when older pages load.
 */
export function MessageList(props: Props) {
  const { me, roomId, roomName, messages, pending, hasOlder, loadingOlder, hasNewer, historyBusy, olderFailed, loadOlder, loadNewer } = props;
  const { unreadAfterId, landOn, jumpToLatest, onSeen } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(
    () => buildRows(messages, pending, hasOlder, loadingOlder, hasNewer, me.id, unreadAfterId),
    [messages, pending, hasOlder, loadingOlder, hasNewer, me.id, unreadAfterId],
  );
  // The row the list opens at: the message asked for, else the "New" line; none: the bottom.
  const [landingIndex] = useState(() =>
    rows.findIndex((row) => (landOn === null ? row.kind === 'unread' : row.kind === 'message' && row.message.id === landOn)),
  );
  const pinned = useRef(landingIndex < 0);
  const landingKey = useRef(rows[landingIndex]?.key ?? null);
  const scroll = useScrollTracker();
  const [highlightId, setHighlightId] = useState(landOn);
  const [viewportHeight, setViewportHeight] = useState(0);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    setViewportHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const [atBottom, setAtBottom] = useState(landingIndex < 0);
  const [unseenCount, setUnseenCount] = useState(0);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.kind === 'day' ? 44 : rows[index]?.kind === 'message' && rows[index].isContinuation ? 28 : 64),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 10,
    scrollToFn: scroll.scrollToFn,
  });

  /**
   * A movement of the view that the list did not make is the reader's, even before its scroll event
   * comes: it ends the landing, and the view stays at the bottom only if it is still there.
   */
  const takeReaderScroll = (element: HTMLElement) => {
    if (scroll.moved(element) === 0) return;
    landingKey.current = null;
    pinned.current = nearBottom(element, BOTTOM_SLACK_PX) && !hasNewer;
    scroll.seen(element);
  };

  const scrollToBottom = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    pinned.current = true;
    landingKey.current = null;
    scroll.write(element, element.scrollHeight);
    // a view too short to scroll gets no scroll event to say so: "Jump to latest" must not cover the end
    setAtBottom(true);
    setUnseenCount(0);
  }, [scroll]);

  // Landing: every render (rows measured, pages arriving) puts the landing row back in place, the
  // "New" line at the top or the message in the middle, until the reader scrolls.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element) takeReaderScroll(element);
    const index = landingKey.current === null ? -1 : rows.findIndex((row) => row.key === landingKey.current);
    const item = index >= 0 ? virtualizer.measurementsCache[index] : undefined;
    if (!element || !item) return;
    // the "New" line lands below the catch-up bar, which lies over the top of the list
    const bar = element.closest('.room-main')?.querySelector<HTMLElement>('.catch-up-bar')?.offsetHeight ?? 0;
    const top = landOn === null ? item.start - 8 - bar : item.start - (element.clientHeight - item.size) / 2;
    scroll.write(element, Math.max(0, top));
  });
  // A hand on the wheel, the screen or the keys ends the landing before the view even moves (the
  // compositor scrolls first); a wheel turn or a key up leaves the bottom.
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const byHand = (event: Event) => {
      landingKey.current = null;
      const up =
        event instanceof WheelEvent ? event.deltaY < 0 : event instanceof KeyboardEvent && event.target === element && UP_KEYS.has(event.key);
      if (up && element.scrollTop > 0) pinned.current = false;
    };
    const kinds = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;
    for (const kind of kinds) element.addEventListener(kind, byHand, { passive: true });
    return () => kinds.forEach((kind) => element.removeEventListener(kind, byHand));
  }, []);
  useEffect(() => {
    if (highlightId === null) return;
    const timer = setTimeout(() => setHighlightId(null), 2500);
    return () => clearTimeout(timer);
  }, [highlightId]);

  // While pinned, every render (new rows, images measured, typing line) ends at the bottom.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    takeReaderScroll(element);
    if (pinned.current) scroll.write(element, element.scrollHeight);
  });

  // Older pages arrive above: keep the message that was on top at the same place on screen.
  const firstKey = rows.find((row) => row.kind === 'message')?.key;
  const anchor = useRef<{ key: string; offset: number } | null>(null);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    const previous = anchor.current;
    if (element && previous && previous.key !== firstKey && !pinned.current && landingKey.current === null) {
      const index = rows.findIndex((row) => row.key === previous.key);
      const item = index >= 0 ? virtualizer.measurementsCache[index] : undefined;
      // plus any movement of the reader's not reported yet
      if (item) scroll.write(element, item.start - previous.offset + scroll.moved(element));
    }
    const index = rows.findIndex((row) => row.key === firstKey);
    const item = index >= 0 ? virtualizer.measurementsCache[index] : undefined;
    anchor.current = firstKey && item && element ? { key: firstKey, offset: item.start - element.scrollTop } : null;
  }, [firstKey, scroll]);

  // New messages while scrolled up: count them for the jump button; my own sends jump down.
  const lastKey = rows[rows.length - 1]?.key;
  const lastRow = rows[rows.length - 1];
  const previousLastKey = useRef(lastKey);
  const hadNewer = useRef(hasNewer);
  useEffect(() => {
    const fetchedNewer = hadNewer.current;
    hadNewer.current = hasNewer;
    if (previousLastKey.current === lastKey) return;
    previousLastKey.current = lastKey;
    if (lastRow?.kind === 'pending') scrollToBottom();
    else if (!pinned.current && !fetchedNewer && lastRow?.kind === 'message') setUnseenCount((count) => count + 1);
  }, [lastKey, lastRow, hasNewer, scrollToBottom]);

  // A send from a history opened further back goes to the newest messages, where it will show.
  const pendingCount = useRef(pending.length);
  useEffect(() => {
    if (pending.length > pendingCount.current && hasNewer) jumpToLatest();
    pendingCount.current = pending.length;
  }, [pending.length, hasNewer, jumpToLatest]);

  const loadOlderIfNearTop = () => {
    const element = scrollRef.current;
    if (!element || historyBusy) return;
    if (element.scrollTop < LOAD_OLDER_PX && hasOlder) loadOlder();
    else if (hasNewer && element.scrollHeight - element.scrollTop - element.clientHeight < LOAD_OLDER_PX) loadNewer();
  };
  // Scrolling is not the only trigger: a load that ended (or was cut short by a refetch) while the
  // view still sits near the top must be followed by the next one, though no scroll event comes.
  useEffect(() => {
    if (!olderFailed) loadOlderIfNearTop();
  }, [hasOlder, hasNewer, historyBusy, olderFailed, firstKey]);

  useEffect(() => {
    viewing.set({ roomId, atBottom });
    return () => viewing.set({ roomId: null, atBottom: true });
  }, [roomId, atBottom]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const bottom = nearBottom(element, BOTTOM_SLACK_PX) && !hasNewer;
    // Not where the list left it: the reader scrolled (a wheel, the scrollbar, keys, a script).
    if (scroll.moved(element) !== 0) landingKey.current = null;
    scroll.seen(element);
    if (landingKey.current === null) pinned.current = bottom;
    if (bottom !== atBottom) setAtBottom(bottom);
    if (bottom && unseenCount) setUnseenCount(0);
    loadOlderIfNearTop();
    reportSeen();
    const index = rows.findIndex((row) => row.key === firstKey);
    const item = index >= 0 ? virtualizer.measurementsCache[index] : undefined;
    if (firstKey && item) anchor.current = { key: firstKey, offset: item.start - element.scrollTop };
  };

  const items = virtualizer.getVirtualItems();
  const totalSize = virtualizer.getTotalSize();
  // A short conversation sits just above the composer, like the end of a long one.
  const topGap = Math.max(0, viewportHeight - totalSize - 8);

  // Seen: a message whose top part is inside the view (after each render, scroll, and the tab showing again).
  const reportSeen = () => {
    const element = scrollRef.current;
    if (!element) return;
    const bottom = element.scrollTop + element.clientHeight;
    let seen = 0;
    for (const item of virtualizer.getVirtualItems()) {
      const row = rows[item.index];
      const top = item.start + topGap;
      const inView = top + Math.min(item.size, 40) <= bottom && top + item.size >= element.scrollTop;
      if (row?.kind === 'message' && inView) seen = Math.max(seen, row.message.id);
    }
    if (seen > 0) onSeen(seen);
  };
  useEffect(() => {
    reportSeen();
    document.addEventListener('visibilitychange', reportSeen);
    return () => document.removeEventListener('visibilitychange', reportSeen);
  });
  return (
    <div className="message-list-wrap">
      <div
        className="message-list"
        ref={scrollRef}
        onScroll={onScroll}
        role="log"
        aria-label={`Messages in ${roomName}`}
        aria-live="off"
        tabIndex={0}
      >
        <div className="message-list-inner" style={{ height: totalSize + topGap }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={`message-row${row.kind === 'message' && row.message.id === highlightId ? ' is-landed' : ''}`}
                style={{ transform: `translateY(${item.start + topGap}px)` }}
              >
                <RowView row={row} {...props} />
              </div>
            );
          })}
        </div>
      </div>
      {!atBottom && (
        <button className="jump-button" onClick={hasNewer ? jumpToLatest : scrollToBottom}>
          <ArrowDownIcon />
          {unseenCount > 0 ? `${unseenCount} new message${unseenCount === 1 ? '' : 's'}` : 'Jump to latest'}
        </button>
      )}
      {messages.length === 0 && pending.length === 0 && !hasOlder && (
        <div className="empty-room">
          <p className="empty-title">No messages yet — say hi</p>
          <p className="empty-hint">This is the very beginning of {roomName}.</p>
        </div>
      )}
    </div>
  );
}

function RowView({ row, me, memberNames, editingId, onEditingChange, onOpenImage, seenMessageId, roomName }: Props & { row: Row }) {
  switch (row.kind) {
    case 'start':
      return <div className="list-start">Beginning of {roomName}</div>;
    case 'loading':
      return <div className="list-start">Loading older messages…</div>;
    case 'loading-newer':
      return <div className="list-start">Loading newer messages…</div>;
    case 'day':
      return (
        <div className="day-separator" role="heading" aria-level={2}>
          <span>{row.label}</span>
        </div>
      );
    case 'unread':
      return (
        <div className="unread-separator" role="separator">
          <span>New</span>
        </div>
      );
    case 'pending':
      return <PendingItem me={me} pending={row.pending} memberNames={memberNames} />;
    case 'message':
      return (
        <MessageItem
          me={me}
          message={row.message}
          isContinuation={row.isContinuation}
          memberNames={memberNames}
          isEditing={editingId === row.message.id}
          onEditingChange={onEditingChange}
          onOpenImage={onOpenImage}
          seen={seenMessageId === row.message.id}
        />
      );
  }
}
