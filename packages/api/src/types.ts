/** The plain JSON shapes that cross the wire, for the SDK and the web client. */
export type { AuthUser } from './context.js';
export type { AuthResult } from './routers/auth.js';
export type { Me, PublicUser } from './services/users.js';
export type { AttachmentDto } from './services/uploads.js';
export type { ChatEvent, EventType, StoredEvent, SyncEvent, SyncReset } from './events/types.js';
export type { MessageDto, ReactionDto } from './services/message-dto.js';
export type {
  MemberDto,
  MemberWithPresence,
  PresenceDto,
  PublicRoomDto,
  RoomDto,
  RoomInfo,
  RoomKind,
  RoomRole,
  RoomVisibility,
} from './services/room-dto.js';
export type { ContactDto } from './services/contacts.js';
export type { TypingDto } from './services/typing.js';
export type { PresenceEvent } from './routers/presence.js';
