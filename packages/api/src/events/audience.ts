import type { EventLog } from './log.js';
import { personalStream, type StoredEvent } from './types.js';

/**
 * What one event means for one user's stream:
 * - `deliver`: it reaches them;
 * - `skip`: it does not;
 * - `join`: it reaches them, and from now on so does the rest of its room;
 * - `leave`: it does not (their personal copy carries it), and from now on nor does its room.
 */
export type AudienceVerdict = 'deliver' | 'skip' | 'join' | 'leave';

export interface AudienceView {
  userId: string;
  /** `personalStream(userId)`, worked out once per stream rather than per event */
  ownStream: string;
  /** the rooms the user is in, as of the event before this one */
  rooms: ReadonlySet<string>;
  /** whether a room is a direct conversation with the user in it (only asked about rooms not in `rooms`) */
  isDirectWith: (roomId: string) => boolean;
}

/**
 * Decides whether an event reaches a user, from the rooms they are in just before it: a pure
 * function of its arguments, so the live stream and a replay in seq order can share it.
 * Rooms are followed through `member.joined` and `member.left`; only a direct conversation
 * gains members without an event (both, when it is opened), so a room the user is not in is
 * asked about last. The room's own `member.left` about them is skipped: their personal copy
 * carries it.
 */
export function audienceVerdict(view: AudienceView, stored: StoredEvent): AudienceVerdict {
  if (stored.streamKey === view.ownStream) return 'deliver';
  if (stored.streamKey.startsWith('user:')) return 'skip';
  const event = stored.event;
  if (event.type === 'member.left' && event.userId === view.userId) return 'leave';
  const isJoin = event.type === 'member.joined' && event.member.user.id === view.userId;
  if (view.rooms.has(stored.streamKey)) return 'deliver';
  if (isJoin || view.isDirectWith(stored.streamKey)) return 'join';
  return 'skip';
}

/**
 * The live audience filter of one stream: create it when the stream starts and show it every
 * live event in order (even ones already sent). The rooms are read once, then kept current by
 * the verdicts, so no event costs a query (a direct room is looked up once for the whole server).
 */
export function createAudienceFilter(log: EventLog, userId: string): (stored: StoredEvent) => boolean {
  const rooms = new Set(log.roomsOf(userId));
  const view: AudienceView = { userId, ownStream: personalStream(userId), rooms, isDirectWith: (roomId) => log.isDirectWith(roomId, userId) };
  return (stored) => {
    const verdict = audienceVerdict(view, stored);
    if (verdict === 'join') rooms.add(stored.streamKey);
    else if (verdict === 'leave') rooms.delete(stored.streamKey);
    return verdict === 'deliver' || verdict === 'join';
  };
}
