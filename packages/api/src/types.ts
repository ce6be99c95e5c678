/** The plain JSON shapes that cross the wire, for the SDK and the web client. */
export type { AuthUser } from './context.js';
export type { AuthResult } from './routers/auth.js';
export type { Me, PublicUser } from './services/users.js';
export type { AttachmentDto } from './services/uploads.js';
export type { EventType, StoredEvent } from './events/types.js';
