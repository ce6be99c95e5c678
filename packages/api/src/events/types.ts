/**
 * Durable events: past-tense facts, written to the `event` table in the same transaction as
 * the change, then published on the bus. Payload types live here and nowhere else.
 */
export type EventType =
  | 'message.created'
  | 'message.updated'
  | 'message.deleted'
  | 'reaction.changed'
  | 'member.joined'
  | 'member.left'
  | 'room.updated'
  | 'read.updated';

export interface StoredEvent {
  seq: number;
  roomId: string;
  type: EventType;
  payload: unknown;
  createdAt: string;
}
