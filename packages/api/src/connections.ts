import type { Connection } from './context.js';

/**
 * Every open WebSocket, by session and by user: logout closes a session's sockets, and
 * presence asks whether a user has any socket left.
 */
export class ConnectionRegistry {
  private readonly bySession = new Map<string, Set<Connection>>();
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly listeners = new Set<(userId: string, online: boolean) => void>();
  /** users whose sockets never make them present: bots (issue 11) */
  private readonly neverPresent = new Set<string>();

  /** registers an authenticated socket; returns the function to call when it closes. A bot's socket (`present: false`) can be closed but never shows it online. */
  attach(connection: Connection, userId: string, sessionId: string, present = true): () => void {
    if (!present) this.neverPresent.add(userId);
    addTo(this.bySession, sessionId, connection);
    const wasOnline = this.byUser.has(userId);
    addTo(this.byUser, userId, connection);
    if (!wasOnline && present) this.emit(userId, true);
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      removeFrom(this.bySession, sessionId, connection);
      removeFrom(this.byUser, userId, connection);
      if (!this.byUser.has(userId) && present) this.emit(userId, false);
    };
  }

  isOnline(userId: string): boolean {
    return this.byUser.has(userId) && !this.neverPresent.has(userId);
  }

  closeSession(sessionId: string, reason: string): void {
    for (const connection of this.bySession.get(sessionId) ?? []) connection.close(4001, reason);
  }

  /** every socket of `userId` (deactivated, or all their sessions ended) */
  closeUser(userId: string, reason: string): void {
    for (const connection of this.byUser.get(userId) ?? []) connection.close(4001, reason);
  }

  /** the sessions with a socket open now (the session watch re-checks them) */
  openSessionIds(): string[] {
    return [...this.bySession.keys()];
  }

  closeAll(reason: string): void {
    for (const set of this.byUser.values()) for (const connection of set) connection.close(1001, reason);
  }

  /** called when a user's first socket opens (true) or last socket closes (false) */
  onChange(listener: (userId: string, online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(userId: string, online: boolean): void {
    for (const listener of this.listeners) listener(userId, online);
  }
}

function addTo<K>(map: Map<K, Set<Connection>>, key: K, connection: Connection): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(connection);
}

function removeFrom<K>(map: Map<K, Set<Connection>>, key: K, connection: Connection): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(connection);
  if (set.size === 0) map.delete(key);
}
