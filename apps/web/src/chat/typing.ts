import type { TypingDto } from '@confab/api/router';
import { createStore, useStore } from '../lib/store.js';

type TypingByRoom = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** roomId -> (userId -> name) of people typing there now. */
const typingStore = createStore<TypingByRoom>(new Map());

export function setTyping(roomId: string, userId: string, name: string, isTyping: boolean): void {
  typingStore.set((current) => {
    const room = new Map(current.get(roomId) ?? []);
    if (isTyping) room.set(userId, name);
    else if (!room.delete(userId)) return current;
    return new Map(current).set(roomId, room);
  });
}

export function applyTyping(change: TypingDto): void {
  setTyping(change.roomId, change.userId, change.name, change.isTyping);
}

export function clearAllTyping(): void {
  typingStore.set(new Map());
}

const EMPTY: string[] = [];
const cache = new WeakMap<ReadonlyMap<string, string>, string[]>();

export function useTypingNames(roomId: string): string[] {
  return useStore(typingStore, (map) => {
    const room = map.get(roomId);
    if (!room || room.size === 0) return EMPTY;
    let names = cache.get(room);
    if (!names) cache.set(room, (names = [...room.values()]));
    return names;
  });
}

/** "Ana is typing…", "Ana and Bo are typing…", "3 people are typing…" */
export function describeTyping(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}
