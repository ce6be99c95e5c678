/** What the API needs to know about a live WebSocket: enough to close it or spot a slow reader. */
export interface Connection {
  readonly bufferedAmount: number;
  close(code?: number, reason?: string): void;
  terminate(): void;
  onClose(listener: () => void): void;
}

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  /** a bot (issue 11) signs in with an API key and never counts as a person */
  kind: 'person' | 'bot';
}

/**
 * Plain data only: the router's type carries this, and the SDK ships that type to programs
 * that have no database. Services are captured by the router factory instead.
 */
export interface Context {
  user: AuthUser | null;
  /** the session, or for an API key `apikey:<id>` (it stands for the key wherever a session would) */
  sessionId: string | null;
  /** re-reads the session row; false once it is revoked or expired */
  isSessionLive: () => boolean;
  ip: string;
  /** the caller's User-Agent, recorded with a new session */
  userAgent: string | null;
  /** the socket this call came over, or null for HTTP */
  connection: Connection | null;
  /** sets (or with null clears) the browser's session cookie; a no-op on WebSockets */
  setSessionCookie: (session: { token: string; expiresAt: Date } | null) => void;
  /** the browser's device mark (auth/devices.ts), when it sent one */
  deviceMark?: string | null;
  /** keeps a device mark in the browser (HTTP only) */
  setDeviceMark?: (mark: string) => void;
}
