import type { MessageDto, ReactionDto } from '../services/message-dto.js';
import type { MemberDto, NotificationLevel, RoomInfo } from '../services/room-dto.js';
import type { UpdatedUser } from '../services/user-events.js';

/**
 * Durable events: past-tense facts, written to the `event` table in the same transaction as
 * the change, then published on the bus. Payload types live here and nowhere else.
 * Every payload names its room, so a client can route it with one switch on `type`.
 */
export type ChatEvent =
  /**
   * Also moves the author's read marker to this message (sending reads the room): a client derives
   * it from this event, and no `read.updated` is sent for it, so a send costs one event, not two.
   */
  | {
      type: 'message.created';
      roomId: string;
      message: MessageDto;
      /** the members this message @mentions (issue 15), for mention badges; absent in events stored before it */
      mentionedUserIds?: string[];
    }
  | { type: 'message.updated'; roomId: string; message: MessageDto }
  /** the message is now a tombstone: body '' and no attachments */
  | { type: 'message.deleted'; roomId: string; message: MessageDto }
  | { type: 'reaction.changed'; roomId: string; messageId: number; reactions: ReactionDto[] }
  /** someone joined or was added (also one per member when a group is created) */
  | { type: 'member.joined'; roomId: string; room: RoomInfo; member: MemberDto }
  | { type: 'member.left'; roomId: string; userId: string }
  /** a member's role changed (the longest-standing member inherits a group whose last owner left) */
  | { type: 'member.updated'; roomId: string; member: MemberDto }
  | { type: 'room.updated'; roomId: string; room: RoomInfo }
  | { type: 'read.updated'; roomId: string; userId: string; lastReadMessageId: number }
  /** I changed how a room notifies me (issue 15): only in my personal stream, for my other devices */
  | { type: 'notification.updated'; roomId: string; level: NotificationLevel; ignoreMentions: boolean }
  /**
   * someone's name, avatar or e-mail changed, or they were deactivated or reactivated: one copy per room
   * they are in, and one in the personal stream (`roomId` is then `user:<id>`) of each contact who shares no room
   */
  | { type: 'user.updated'; roomId: string; user: UpdatedUser };

export type EventType = ChatEvent['type'];

/** the stream is too far behind to replay: refetch the room list and any open history pages */
export interface SyncReset {
  type: 'sync.reset';
}

/** What `sync.onEvent` yields (the tracked id is `String(seq)`). */
export type SyncEvent = (ChatEvent | SyncReset) & { seq: number; occurredAt: string };

/** A row of the event log. `streamKey` is the room id, or `user:<id>` for the few events only one user gets. */
export interface StoredEvent {
  seq: number;
  streamKey: string;
  event: ChatEvent;
  occurredAt: string;
}

/** The stream of events that only `userId` receives (their own copy of leaving a room). */
export const personalStream = (userId: string) => `user:${userId}`;
