import { and, eq } from 'drizzle-orm';
import { memberships } from '@confab/db';
import { writeWithEvents } from '../../events/log.js';
import { personalStream } from '../../events/types.js';
import type { Services } from '../index.js';
import type { NotificationLevel, RoomKind } from '../room-dto.js';
import type { Membership } from './memberships.js';

// Per-room notification levels (issue 15): kept on my membership, null meaning the room kind's
// default, so a new room or DM needs no write to get it.

export interface NotificationSettings {
  level: NotificationLevel;
  ignoreMentions: boolean;
}

const defaultLevel = (kind: RoomKind): NotificationLevel => (kind === 'direct' ? 'all' : 'mentions');

/** my effective settings for a room, from its kind and what my membership stores */
export function notificationsOf(kind: RoomKind, stored: NotificationLevel | null, ignoreMentions: boolean): NotificationSettings {
  const level = stored ?? defaultLevel(kind);
  // "ignore mentions" only means something for a muted room: at `all` or `mentions` they always notify.
  return { level, ignoreMentions: level === 'nothing' && ignoreMentions };
}

/**
 * Sets how a room notifies me, and tells my other devices in my personal stream (the room's
 * members have no business knowing that I muted it).
 */
export function setNotificationLevel(
  s: Services,
  userId: string,
  membership: Membership,
  input: { level: NotificationLevel; ignoreMentions?: boolean | undefined },
): NotificationSettings {
  const roomId = membership.room.id;
  const settings = notificationsOf(membership.room.kind, input.level, input.ignoreMentions ?? false);
  writeWithEvents(s.db, s.bus, (tx, emit) => {
    tx.update(memberships)
      .set({ notificationLevel: settings.level, ignoreMentions: settings.ignoreMentions })
      .where(and(eq(memberships.roomId, roomId), eq(memberships.userId, userId)))
      .run();
    emit({ type: 'notification.updated', roomId, ...settings }, personalStream(userId));
  });
  return settings;
}
