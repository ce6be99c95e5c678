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
 * One live stream's audience: the rooms it follows now and the rule that decides each event.
 * The bus indexes streams by `rooms` and `ownStream`, and shows `reaches` every event that could
 * concern the stream (its rooms', its own, a join of its user, a direct room of its user), in
 * publish order; `reaches` keeps `rooms` current as joins and leaves go by.
 */
export interface LiveAudience {
  userId: string;
  ownStream: string;
  rooms: ReadonlySet<string>;
  reaches: (stored: StoredEvent) => boolean;
}

/**
 * The live audience of one stream, as of the moment of the call: create it when the stream
 * starts. The rooms are read once, then kept current by the verdicts, so no event costs a query
 * (a direct room is looked up once for the whole server).
 */
export function liveAudience(log: EventLog, userId: string): LiveAudience {
  const rooms = new Set(log.roomsOf(userId));
  return { userId, ownStream: personalStream(userId), rooms, reaches: follow(userId, rooms, (roomId) => log.isDirectWith(roomId, userId)) };
}

/**
 * One stream's audience, followed event by event in seq order from the rooms the user is in
 * just before the first one: the live stream and the replay both decide through it.
 */
export function followAudience(userId: string, rooms: Iterable<string>, isDirectWith: (roomId: string) => boolean): (stored: StoredEvent) => boolean {
  return follow(userId, new Set(rooms), isDirectWith);
}

function follow(userId: string, following: Set<string>, isDirectWith: (roomId: string) => boolean): (stored: StoredEvent) => boolean {
  const view: AudienceView = { userId, ownStream: personalStream(userId), rooms: following, isDirectWith };
  return (stored) => {
    const verdict = audienceVerdict(view, stored);
    if (verdict === 'join') following.add(stored.streamKey);
    else if (verdict === 'leave') following.delete(stored.streamKey);
    return verdict === 'deliver' || verdict === 'join';
  };
}

/** A user's own `member.joined` (`joined`) or the room's copy of their `member.left`. */
export interface MembershipChange {
  seq: number;
  roomId: string;
  joined: boolean;
}

/** The events of one stream with `afterSeq < seq <= toSeq`. */
export interface StreamSpan {
  streamKey: string;
  afterSeq: number;
  toSeq: number;
}

/**
 * Where a user's audience stood after `afterSeq`, worked back from the rooms they are in at
 * `toSeq` and their own joins and leaves in between (in seq order): the rooms they were in then,
 * and the span of each room's stream during which they were in it, from the join through the
 * room's copy of the leave, so that following the spans' events reaches the same verdicts as
 * the live stream did. `leaves` is how many spans end with such a copy (which reaches no one).
 */
export function membershipSince(
  roomsNow: Iterable<string>,
  changes: readonly MembershipChange[],
  afterSeq: number,
  toSeq: number,
): { roomsThen: Set<string>; spans: StreamSpan[]; leaves: number } {
  const roomsThen = new Set(roomsNow);
  for (let i = changes.length - 1; i >= 0; i--) {
    const change = changes[i];
    if (!change) continue;
    if (change.joined) roomsThen.delete(change.roomId);
    else roomsThen.add(change.roomId);
  }
  const spans: StreamSpan[] = [];
  const openSince = new Map<string, number>([...roomsThen].map((roomId) => [roomId, afterSeq]));
  let leaves = 0;
  for (const { seq, roomId, joined } of changes) {
    const since = openSince.get(roomId);
    if (joined) {
      if (since === undefined) openSince.set(roomId, seq - 1);
    } else if (since !== undefined) {
      spans.push({ streamKey: roomId, afterSeq: since, toSeq: seq });
      openSince.delete(roomId);
      leaves++;
    }
  }
  for (const [roomId, since] of openSince) spans.push({ streamKey: roomId, afterSeq: since, toSeq });
  return { roomsThen, spans, leaves };
}
