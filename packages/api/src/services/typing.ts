import { EventEmitter } from 'node:events';
import { listen } from '../events/listen.js';

export interface TypingDto {
  roomId: string;
  userId: string;
  name: string;
  isTyping: boolean;
}

/**
 * Who is typing where: ephemeral (never logged), expiring `ttlMs` after the last `set`, and
 * cleared when that user sends. A change wakes only the room's other members that watch: one
 * query for the room's members per change (`membersOf`), none per watcher, and none at all
 * when nobody watches.
 */
export class TypingTracker {
  private readonly emitter = new EventEmitter();
  private readonly expiries = new Map<string, NodeJS.Timeout>();
  /** open `changesFor` streams per viewer */
  private readonly watchers = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly membersOf: (roomId: string) => readonly string[] = () => [],
  ) {
    this.emitter.setMaxListeners(0);
  }

  set(roomId: string, user: { id: string; name: string }, isTyping: boolean): void {
    const key = `${roomId}/${user.id}`;
    const existing = this.expiries.get(key);
    if (existing) clearTimeout(existing);
    if (!isTyping) {
      if (existing && this.expiries.delete(key)) this.emit({ roomId, userId: user.id, name: user.name, isTyping: false });
      return;
    }
    const expiry = setTimeout(() => this.set(roomId, user, false), this.ttlMs);
    expiry.unref();
    this.expiries.set(key, expiry);
    // Repeated sets while typing only push the expiry back; watchers hear the start once.
    if (!existing) this.emit({ roomId, userId: user.id, name: user.name, isTyping: true });
  }

  /** the changes in `viewerId`'s rooms by others, from the moment of the call, until `signal` aborts */
  changesFor(viewerId: string, signal: AbortSignal): AsyncIterable<TypingDto> {
    const changes = listen<TypingDto>(this.emitter, `change:${viewerId}`, signal);
    if (!signal.aborted) {
      this.watchers.set(viewerId, (this.watchers.get(viewerId) ?? 0) + 1);
      signal.addEventListener('abort', () => this.unwatch(viewerId), { once: true });
    }
    return changes;
  }

  private unwatch(viewerId: string): void {
    const count = (this.watchers.get(viewerId) ?? 0) - 1;
    if (count > 0) this.watchers.set(viewerId, count);
    else this.watchers.delete(viewerId);
  }

  stop(): void {
    for (const expiry of this.expiries.values()) clearTimeout(expiry);
    this.expiries.clear();
  }

  private emit(change: TypingDto): void {
    if (this.watchers.size === 0) return;
    for (const viewerId of this.membersOf(change.roomId)) {
      if (viewerId !== change.userId && this.watchers.has(viewerId)) this.emitter.emit(`change:${viewerId}`, change);
    }
  }
}
