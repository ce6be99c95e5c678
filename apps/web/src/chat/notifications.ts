import type { Me, MessageDto } from '@confab/api/router';
import { createStore } from '../lib/store.js';
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

/** While the tab is hidden: a DM, or a message that mentions me, pops up a notification. */
export function notifyIfNeeded(me: Me, message: MessageDto): void {
  if (document.visibilityState === 'visible' || notificationPermission.get() !== 'granted') return;
  const room = getRooms()?.find((r) => r.id === message.roomId);
  const isDirect = room?.kind === 'direct';
  if (!isDirect && !mentionsName(message.body, me.name)) return;
  const title = isDirect ? message.author.name : `${message.author.name} in ${room?.name ?? 'a room'}`;
  const body = message.body || (message.attachments.length ? 'Sent a file' : '');
  const notification = new Notification(title, { body: body.slice(0, 200), tag: `confab-${message.roomId}` });
  notification.onclick = () => {
    window.focus();
    location.hash = `#/r/${message.roomId}`;
    notification.close();
  };
}
