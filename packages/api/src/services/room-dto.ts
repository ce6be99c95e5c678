import type { MessageDto } from './message-dto.js';
import type { PublicUser } from './users.js';

export type RoomKind = 'direct' | 'group';
export type RoomVisibility = 'public' | 'private';
export type RoomRole = 'owner' | 'member';
/** what notifies me in a room and counts toward its badge: everything, only @mentions of me, or nothing */
export type NotificationLevel = 'all' | 'mentions' | 'nothing';

/** Whether a user is online now, and when they were last seen (ISO), as far as the viewer may know. */
export interface PresenceDto {
  userId: string;
  online: boolean;
  lastSeenAt: string | null;
}

/** The room's own fields, as carried by `member.joined` and `room.updated`. */
export interface RoomInfo {
  id: string;
  kind: RoomKind;
  name: string | null;
  topic: string | null;
  visibility: RoomVisibility;
}

export interface MemberDto {
  user: PublicUser;
  role: RoomRole;
  joinedAt: string;
}

/** `room.members`: each member with their presence and read marker (for "Seen"). */
export interface MemberWithPresence extends MemberDto {
  online: boolean;
  lastSeenAt: string | null;
  lastReadMessageId: number;
}

/** One entry of `room.list` / `room.byId`: everything a sidebar row and a room header need. */
export interface RoomDto {
  id: string;
  kind: RoomKind;
  /** the group's name, or for a DM the peer's name */
  name: string;
  topic: string | null;
  visibility: RoomVisibility;
  role: RoomRole;
  /** the other person in a DM, with their presence; null for groups */
  peer: (PublicUser & { online: boolean; lastSeenAt: string | null }) | null;
  lastMessage: MessageDto | null;
  /** messages after my read marker, not mine, not deleted (counted up to 1,000); always 0 when muted (level `nothing`) */
  unreadCount: number;
  /** of those, the ones that @mention me; 0 when muted with `ignoreMentions` */
  mentionCount: number;
  /** mine for this room; the default is `all` for a DM and `mentions` for a group */
  notificationLevel: NotificationLevel;
  /** with level `nothing`, @mentions of me neither count nor notify */
  ignoreMentions: boolean;
  lastReadMessageId: number;
  lastActivityAt: string;
}

/** `room.browse`: a public group anyone may join. */
export interface PublicRoomDto {
  id: string;
  name: string;
  topic: string | null;
  memberCount: number;
  isMember: boolean;
}
