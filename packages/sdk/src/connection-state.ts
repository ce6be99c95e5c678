/** connecting: first attempt; live: socket open; reconnecting: lost and retrying; offline: closed by `close()` */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export type ConnectionStateListener = (state: ConnectionState) => void;

/**
 * The socket's state as a program sees it. tRPC's own state has no "reconnecting" (a lost socket
 * reads as "connecting" again), so this one remembers whether the socket was ever open.
 */
export class ConnectionStateTracker {
  private current: ConnectionState = 'connecting';
  private everOpened = false;
  private closed = false;
  private readonly listeners = new Set<ConnectionStateListener>();

  get state(): ConnectionState {
    return this.current;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  opened(): void {
    if (this.closed) return;
    this.everOpened = true;
    this.set('live');
  }

  lost(): void {
    this.set(this.closed ? 'offline' : this.everOpened ? 'reconnecting' : 'connecting');
  }

  closedByUser(): void {
    this.closed = true;
    this.set('offline');
  }

  listen(listener: ConnectionStateListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private set(next: ConnectionState): void {
    if (next === this.current) return;
    this.current = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch {
        // A listener's bug must not stop the socket's bookkeeping or the other listeners.
      }
    }
  }
}
