import WebSocket from 'ws';
import { createClientWith, type ConfabClient, type ConfabClientOptions } from './client.js';

export type { ConfabClient, ConfabClientExtras, ConfabClientOptions, SignInResult, TokenSource } from './client.js';
export type { ConnectionState, ConnectionStateListener } from './connection-state.js';
export type { ConfabEvent, ConfabEventType, EventHandlers, EventOf, EventStream } from './events.js';
export type { SubscribeEventsOptions, TrackedConfabEvent } from './event-iterator.js';
export type { SendOptions, SentMessage } from './send.js';
export type { UploadInput, UploadOptions, UploadProgress, UploadResult } from './upload.js';
export { UploadError } from './upload.js';
export { newClientId } from './client-id.js';
export type { ConfabTRPCClient } from './trpc-client.js';
export type * from './types.js';
export { TRPCClientError } from '@trpc/client';

/** A typed client for a Confab server. In Node the socket comes from `ws`; in browsers, the built-in one. */
export function createConfabClient(options: ConfabClientOptions): ConfabClient {
  // Node 20 has no global WebSocket whatever the DOM types say; `ws` stands in there.
  const WebSocketImpl: typeof globalThis.WebSocket = globalThis.WebSocket ?? (WebSocket as unknown as typeof globalThis.WebSocket);
  return createClientWith(WebSocketImpl, options);
}
