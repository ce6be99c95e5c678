/** The plain JSON shapes that cross the wire, for the SDK and the web client. */
export type { AuthUser } from './context.js';
export type { AuthResult } from './routers/auth.js';
export type { Me, PublicUser } from './services/users.js';
export type { AttachmentDto } from './services/uploads.js';
export type { ChatEvent, EventType, StoredEvent, SyncEvent, SyncReset } from './events/types.js';
export type { MessageDto, ReactionDto, ReplyToDto } from './services/message-dto.js';
export type { HistoryPage } from './services/history.js';
export type { SearchHit, SearchPage, SearchRoomDto, SnippetPart } from './services/search/index.js';
export type {
  MemberDto,
  MemberWithPresence,
  NotificationLevel,
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
export type { SessionDto } from './services/account.js';
export type { AdminRoomDto } from './services/admin-rooms.js';
export type { InviteCheck, InviteDto, InviteStatus } from './services/invites.js';
export type { AccountStatus, AdminUserDto, DirectoryEntry } from './services/people.js';
export type { ServerInfo } from './services/server-info.js';
export type { TeamInfo, TeamSettings } from './services/team.js';
export type { UpdatedUser } from './services/user-events.js';
export type { SignupMode } from './config.js';
export type { ApiKeyDto } from './services/api-keys.js';
export type { BotDto } from './services/bots.js';
export type { WebhookDto } from './services/webhooks.js';
