import type { Me, MessageDto, RoomDto } from '@confab/api/router';
import { client } from '../lib/trpc.js';
import { createStore } from '../lib/store.js';
import { openAt } from './browser-page.js';
import { getRooms } from './cache.js';
import { mentionsName } from './mentions.js';

export type NotificationPermissionState = NotificationPermission | 'unsupported';

export const notificationPermission = createStore<NotificationPermissionState>(
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
);

/** Asked only from a button the user clicked, never on load. */
export async function askForNotifications(): Promise<void> {
  if (typeof Notification === 'undefined') return;
  notificationPermission.set(await Notification.requestPermission());
}

/**
 * While the tab is hidden, a message pops up a notification as the room's level says: `all` every
 * message (a DM's default), `mentions` those that @mention me, `nothing` none, bar mentions unless
 * those are ignored too. A DM someone new just started is not in my room list yet: it is looked up.
 */
export function notifyIfNeeded(me: Me, message: MessageDto, mentionsMe: boolean): void {
  if (document.visibilityState === 'visible' || notificationPermission.get() !== 'granted') return;
  const known = getRooms()?.find((r) => r.id === message.roomId);
  if (known) return show(known, message, mentionsMe || mentionsName(message.body, me.name));
  void client.room.byId
    .query({ roomId: message.roomId })
    .then((room) => show(room, message, mentionsMe || mentionsName(message.body, me.name)))
    .catch(() => {});
}

function show(room: RoomDto, message: MessageDto, mentioned: boolean): void {
  const level = room.notificationLevel;
  const wanted = level === 'all' || (mentioned && (level === 'mentions' || !room.ignoreMentions));
  if (!wanted) return;
  const isDirect = room.kind === 'direct';
  const title = isDirect ? message.author.name : `${message.author.name} in ${room.name}`;
  const body = message.body || (message.attachments.length ? 'Sent a file' : '');
  const notification = new Notification(title, { body: body.slice(0, 200), tag: `confab-${message.roomId}` });
  notification.onclick = () => {
    window.focus();
    openAt(message.roomId, message.id);
    notification.close();
  };
}
