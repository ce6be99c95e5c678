import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { Me, SearchHit } from '@confab/api/router';
import { errorMessage } from '../../lib/errors.js';
import { trpc } from '../../lib/trpc.js';
import { Popover } from '../actions/Popover.js';
import { openAt, openRoom } from '../browser-page.js';
import { addRoom } from '../cache.js';
import { Chips } from './Chips.js';
import { HitOption, PersonOption, RoomOption } from './options.js';
import { completeFilter, filterBeingTyped, isUnfinished, wordsOf } from './query-edit.js';
import type { PanelKeys } from './SearchBox.js';
import '../../styles/search.css';

interface Props {
  me: Me;
  query: string;
  onQueryChange: (query: string) => void;
  anchor: RefObject<HTMLElement | null>;
  keys: RefObject<PanelKeys | null>;
  onActiveChange: (id: string | undefined) => void;
  onClose: (backToComposer: boolean) => void;
}

interface Option {
  key: string;
  group: 'Complete' | 'Rooms' | 'People' | 'Messages';
  view: ReactNode;
  run: () => void;
}

const SWITCHER_LIMIT = 4;
const TYPING_PAUSE_MS = 200;

function useSettled(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [value]);
  return settled;
}

/** Results under the search box: finishing a filter, rooms and people by name, then messages, newest first. */
export default function SearchPanel({ me, query, onQueryChange, anchor, keys, onActiveChange, onClose }: Props) {
  const settled = useSettled(query);
  const typing = filterBeingTyped(query);
  const words = wordsOf(query).toLowerCase();
  const nameQuery = typing ? typing.partial : words;
  const rooms = useQuery(trpc.room.list.queryOptions());
  const people = useQuery(trpc.user.directory.queryOptions({ query: nameQuery }, { enabled: nameQuery.length > 0, staleTime: 30_000 }));
  const searchable = settled.trim().length > 0 && !isUnfinished(settled);
  const hits = useInfiniteQuery(
    trpc.search.messages.infiniteQueryOptions(
      { query: settled.trim() },
      { enabled: searchable, getNextPageParam: (page) => page.nextCursor ?? undefined, initialCursor: null, staleTime: 10_000 },
    ),
  );
  const openDirect = useMutation(
    trpc.room.openDirect.mutationOptions({
      onSuccess: (room) => {
        addRoom(room);
        openRoom(room.id);
      },
    }),
  );

  const done = (action: () => void) => () => {
    action();
    onClose(false);
  };
  const options: Option[] = [];
  const matchingRooms = (rooms.data ?? []).filter((room) => nameQuery && room.name.toLowerCase().includes(nameQuery));
  if (typing) {
    if (typing.key === 'in') {
      for (const room of matchingRooms.slice(0, 6)) {
        const sigil = room.kind === 'direct' ? '@' : '#';
        options.push({
          key: `in-${room.id}`,
          group: 'Complete',
          view: <RoomOption room={room} prefix="in:" />,
          run: () => onQueryChange(completeFilter(query, typing.start, 'in', sigil, room.name)),
        });
      }
    } else {
      const candidates = [{ id: me.id, name: me.name, avatarUrl: me.avatarUrl }, ...(people.data ?? []).map((entry) => entry.user)];
      for (const person of candidates.filter((p) => !typing.partial || p.name.toLowerCase().includes(typing.partial)).slice(0, 6)) {
        options.push({
          key: `from-${person.id}`,
          group: 'Complete',
          view: <PersonOption person={person} prefix="from:" />,
          run: () => onQueryChange(completeFilter(query, typing.start, 'from', '@', person.id === me.id ? 'me' : person.name)),
        });
      }
    }
  } else if (words) {
    for (const room of matchingRooms.slice(0, SWITCHER_LIMIT)) {
      options.push({ key: `room-${room.id}`, group: 'Rooms', view: <RoomOption room={room} />, run: done(() => openRoom(room.id)) });
    }
    const withDm = new Set((rooms.data ?? []).flatMap((room) => (room.peer ? [room.peer.id] : [])));
    for (const entry of (people.data ?? []).filter((e) => !withDm.has(e.user.id)).slice(0, SWITCHER_LIMIT)) {
      options.push({
        key: `person-${entry.user.id}`,
        group: 'People',
        view: <PersonOption person={entry.user} />,
        run: done(() => openDirect.mutate({ userId: entry.user.id })),
      });
    }
  }
  const hitList: SearchHit[] = searchable && !typing ? (hits.data?.pages.flatMap((page) => page.hits) ?? []) : [];
  for (const hit of hitList) {
    options.push({
      key: `hit-${hit.message.id}`,
      group: 'Messages',
      view: <HitOption hit={hit} />,
      run: done(() => openAt(hit.room.id, hit.message.id)),
    });
  }

  const [active, setActive] = useState(0);
  const optionKeys = options.map((option) => option.key).join(' ');
  useEffect(() => setActive(0), [query]);
  const current = Math.min(active, options.length - 1);
  const activeKey = current >= 0 ? options[current]?.key : undefined;
  const idOf = (key: string) => `search-option-${key}`;
  useEffect(() => {
    onActiveChange(activeKey ? idOf(activeKey) : undefined);
    if (activeKey) document.getElementById(idOf(activeKey))?.scrollIntoView({ block: 'nearest' });
  }, [activeKey, optionKeys, onActiveChange]);

  const onKey: PanelKeys = (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options.length === 0) return true;
      setActive((current + (event.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length);
      return true;
    }
    if (event.key === 'Enter') {
      options[current]?.run();
      return true;
    }
    return false;
  };
  useEffect(() => {
    keys.current = onKey;
  });

  const listRef = useRef<HTMLDivElement>(null);
  const loadMoreIfNearEnd = () => {
    const list = listRef.current;
    if (list && list.scrollHeight - list.scrollTop - list.clientHeight < 120 && hits.hasNextPage && !hits.isFetchingNextPage) {
      void hits.fetchNextPage();
    }
  };

  const groups = (['Complete', 'Rooms', 'People', 'Messages'] as const).filter((group) => options.some((o) => o.group === group));
  const status = !query.trim() ? (
    <p className="search-hint">Search messages in your rooms and DMs, or jump to a room or person by name.</p>
  ) : hits.isError && searchable ? (
    <p className="search-error" role="alert">
      {errorMessage(hits.error)}
    </p>
  ) : searchable && !typing && hits.isSuccess && hitList.length === 0 ? (
    <p className="search-empty">No messages match “{settled.trim()}”.</p>
  ) : searchable && !typing && hits.isPending ? (
    <p className="search-hint">Searching…</p>
  ) : null;

  return (
    <Popover anchor={anchor} anchoredOnly align="start" onClose={() => onClose(false)} className="search-popover">
      <Chips query={query} onQueryChange={onQueryChange} />
      <div className="search-results" ref={listRef} onScroll={loadMoreIfNearEnd}>
        <div id="search-results" role="listbox" aria-label="Search results">
          {groups.map((group) => (
            <div key={group} role="group" aria-label={group === 'Complete' ? 'Filters' : group} className="search-group">
              <p className="search-group-title" aria-hidden="true">
                {group === 'Complete' ? (typing?.key === 'in' ? 'In room' : 'From') : group}
              </p>
              {options.map((option, index) =>
                option.group === group ? (
                  <div
                    key={option.key}
                    id={idOf(option.key)}
                    role="option"
                    aria-selected={index === current}
                    className={`search-option${index === current ? ' active' : ''}`}
                    onMouseDown={(event) => event.preventDefault()}
                    onMouseMove={() => index !== current && setActive(index)}
                    onClick={option.run}
                  >
                    {option.view}
                  </div>
                ) : null,
              )}
            </div>
          ))}
        </div>
        {status}
        {openDirect.error && (
          <p className="search-error" role="alert">
            {errorMessage(openDirect.error)}
          </p>
        )}
        {hits.hasNextPage && hitList.length > 0 && (
          <button className="button button-small search-more" onClick={() => void hits.fetchNextPage()} disabled={hits.isFetchingNextPage}>
            {hits.isFetchingNextPage ? 'Loading…' : 'More results'}
          </button>
        )}
      </div>
    </Popover>
  );
}
