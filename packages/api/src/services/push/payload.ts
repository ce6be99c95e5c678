import type { MessageDto } from '../message-dto.js';
import type { RoomKind } from '../room-dto.js';

/** What a push carries to the service worker (JSON, well under the 4 KB a push may hold). */
export interface PushPayload {
  title: string;
  body: string;
  /** the message, relative to the app: `/#/r/<roomId>/m/<messageId>` */
  url: string;
  /** one notification per room: a newer one replaces it */
  tag: string;
  roomId: string;
  messageId: number;
  sender: { id: string; name: string };
  room: { id: string; name: string; kind: RoomKind };
}

const EXCERPT = 140;

/** The first words of a message, on one line. */
function excerptOf(message: Pick<MessageDto, 'body' | 'attachments'>): string {
  const text = message.body.replace(/\s+/g, ' ').trim();
  if (!text) return message.attachments.length > 0 ? 'Sent a file' : '';
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1).trimEnd()}…` : text;
}

export function messagePayload(room: { id: string; kind: RoomKind; name: string | null }, message: MessageDto): PushPayload {
  const sender = { id: message.author.id, name: message.author.name };
  const roomName = room.kind === 'direct' ? sender.name : (room.name ?? 'a room');
  return {
    title: room.kind === 'direct' ? sender.name : `${sender.name} in ${roomName}`,
    body: excerptOf(message),
    url: `/#/r/${room.id}/m/${message.id}`,
    tag: `confab-${room.id}`,
    roomId: room.id,
    messageId: message.id,
    sender,
    room: { id: room.id, name: roomName, kind: room.kind },
  };
}
