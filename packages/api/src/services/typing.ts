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
 * cleared when that user sends.
 */
export class TypingTracker {
  private readonly emitter = new EventEmitter();
  private readonly expiries = new Map<string, NodeJS.Timeout>();

  constructor(private readonly ttlMs: number) {
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

  /** every change from the moment of the call, until `signal` aborts */
  changes(signal: AbortSignal): AsyncIterable<TypingDto> {
    return listen<TypingDto>(this.emitter, 'change', signal);
  }

  stop(): void {
    for (const expiry of this.expiries.values()) clearTimeout(expiry);
    this.expiries.clear();
  }

  private emit(change: TypingDto): void {
    this.emitter.emit('change', change);
  }
}
