import type { MessageDto, ReplyToDto } from '@confab/api/router';
import { createStore, useStore } from '../../lib/store.js';

/**
 * What the message list tells the composer: which message the next send answers (per room, so
 * switching rooms keeps each reply), and "take the focus back" after an edit ends.
 */

export type ReplyTarget = ReplyToDto & { author: NonNullable<ReplyToDto['author']> };

const targets = createStore<ReadonlyMap<string, ReplyTarget>>(new Map());

export function startReply(message: MessageDto, excerpt: string): void {
  targets.set((map) => new Map(map).set(message.roomId, { id: message.id, author: message.author, excerpt, deleted: false }));
  focusComposer();
}

export function cancelReply(roomId: string): void {
  targets.set((map) => {
    if (!map.has(roomId)) return map;
    const next = new Map(map);
    next.delete(roomId);
    return next;
  });
}

/** The message a reply is being written to was edited (its new excerpt) or deleted (null: the reply is dropped). */
export function followOriginal(roomId: string, messageId: number, excerpt: string | null): void {
  const target = targets.get().get(roomId);
  if (target?.id !== messageId) return;
  if (excerpt === null) cancelReply(roomId);
  else targets.set((map) => new Map(map).set(roomId, { ...target, excerpt }));
}

export function useReplyTarget(roomId: string): ReplyTarget | null {
  return useStore(targets, (map) => map.get(roomId) ?? null);
}

let composer: HTMLTextAreaElement | null = null;

/** The composer on screen registers its text field (one room is open at a time). */
export function registerComposer(area: HTMLTextAreaElement | null): () => void {
  composer = area;
  return () => {
    if (composer === area) composer = null;
  };
}

export function focusComposer(): void {
  composer?.focus();
}
