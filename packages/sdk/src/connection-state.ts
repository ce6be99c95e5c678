/**
 * idle: no socket, because no subscription needs one (the socket opens with the first one and
 * closes a few seconds after the last); connecting: opening it, or reopening on purpose (a new
 * token); live: socket open; reconnecting: lost and retrying; offline: closed by `close()`
 */
export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline';

export type ConnectionStateListener = (state: ConnectionState) => void;

/**
 * The socket's state as a program sees it. tRPC's own state has no "reconnecting" (a lost socket
 * reads as "connecting" again), so this one remembers whether the socket was ever open.
 */
export class ConnectionStateTracker {
  private current: ConnectionState = 'idle';
  private everOpened = false;
  private closed = false;
  private reconnectingOnPurpose = false;
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
    this.reconnectingOnPurpose = false;
    this.set('live');
  }

  lost(): void {
    if (this.closed) return this.set('offline');
    this.set(this.everOpened && !this.reconnectingOnPurpose ? 'reconnecting' : 'connecting');
  }

  /** a subscription wants the socket that is not there yet */
  connecting(): void {
    if (this.closed || this.current !== 'idle') return;
    this.everOpened = false;
    this.set('connecting');
  }

  /** the socket closed with no subscription left, as it should (or never opened for one) */
  idled(): void {
    if (this.closed) return this.set('offline');
    this.reconnectingOnPurpose = false;
    this.set('idle');
  }

  /** the client is about to drop the socket itself (to reconnect with a new token): not a lost connection */
  willReconnect(): void {
    this.reconnectingOnPurpose = true;
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
