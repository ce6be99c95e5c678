import { EventEmitter } from 'node:events';
import { eq, inArray } from 'drizzle-orm';
import { users, type Db } from '@confab/db';
import type { ConnectionRegistry } from '../connections.js';
import { listen } from '../events/listen.js';
import type { PresenceDto } from './room-dto.js';

/**
 * Who is online: a user is online while they hold at least one socket, and goes offline only
 * after `graceMs` without one, so a page reload does not flap. Not logged: subscribers start
 * from a snapshot. The last-seen time is written to `user.last_seen_at` at each transition.
 */
export class PresenceTracker {
  private readonly emitter = new EventEmitter();
  private readonly online = new Set<string>();
  private readonly offlineTimers = new Map<string, NodeJS.Timeout>();
  /** open `changesFor` streams per viewer: a change with nobody watching costs no audience query */
  private readonly watchers = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly db: Db,
    connections: ConnectionRegistry,
    private readonly graceMs: number,
    /** who may see `userId`'s presence (visibility is symmetric: the same people `userId` may see) */
    private readonly audienceOf: (userId: string) => string[] = () => [],
  ) {
    this.emitter.setMaxListeners(0);
    connections.onChange((userId, hasSocket) => (hasSocket ? this.connected(userId) : this.disconnected(userId)));
  }

  /** presence of each user, in the order asked */
  presenceOf(userIds: readonly string[]): PresenceDto[] {
    const unique = [...new Set(userIds)];
    const lastSeen = new Map(
      unique.length === 0
        ? []
        : this.db
            .select({ id: users.id, lastSeenAt: users.lastSeenAt })
            .from(users)
            .where(inArray(users.id, unique))
            .all()
            .map((row) => [row.id, row.lastSeenAt?.toISOString() ?? null]),
    );
    return userIds.map((userId) => ({ userId, online: this.online.has(userId), lastSeenAt: lastSeen.get(userId) ?? null }));
  }

  /** the changes `viewerId` may see, from the moment of the call, until `signal` aborts */
  changesFor(viewerId: string, signal: AbortSignal): AsyncIterable<PresenceDto> {
    const changes = listen<PresenceDto>(this.emitter, `change:${viewerId}`, signal);
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

  /** one audience query per change, none when nobody watches, and only the watchers in it wake up */
  private publish(change: PresenceDto): void {
    if (this.watchers.size === 0) return;
    for (const viewerId of this.audienceOf(change.userId)) {
      if (this.watchers.has(viewerId)) this.emitter.emit(`change:${viewerId}`, change);
    }
  }

  /** on shutdown: record everyone as last seen now and stop reacting to closing sockets */
  stop(): void {
    this.stopped = true;
    for (const timer of this.offlineTimers.values()) clearTimeout(timer);
    this.offlineTimers.clear();
    const now = new Date();
    if (this.online.size > 0)
      this.db
        .update(users)
        .set({ lastSeenAt: now })
        .where(inArray(users.id, [...this.online]))
        .run();
    this.online.clear();
  }

  private connected(userId: string): void {
    if (this.stopped) return;
    const pending = this.offlineTimers.get(userId);
    if (pending) {
      // Back within the grace period (a reload): nobody ever saw them leave.
      clearTimeout(pending);
      this.offlineTimers.delete(userId);
      return;
    }
    if (this.online.has(userId)) return;
    this.online.add(userId);
    this.publish({ userId, online: true, lastSeenAt: this.touch(userId) });
  }

  private disconnected(userId: string): void {
    if (this.stopped || !this.online.has(userId) || this.offlineTimers.has(userId)) return;
    const timer = setTimeout(() => {
      this.offlineTimers.delete(userId);
      if (this.stopped) return;
      this.online.delete(userId);
      this.publish({ userId, online: false, lastSeenAt: this.touch(userId) });
    }, this.graceMs);
    timer.unref();
    this.offlineTimers.set(userId, timer);
  }

  private touch(userId: string): string {
    const now = new Date();
    this.db.update(users).set({ lastSeenAt: now }).where(eq(users.id, userId)).run();
    return now.toISOString();
  }
}
