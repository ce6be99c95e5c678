import type { Db } from '@confab/db';
import { badRequest, forbidden } from '../../errors.js';
import type { MessageDto } from '../message-dto.js';
import type { NotificationLevel, RoomKind } from '../room-dto.js';
import { notificationsOf } from '../rooms/levels.js';
import { messagePayload } from './payload.js';
import { createPushQueue, type PushQueueOptions } from './queue.js';
import { createSubscriptionStore } from './subscriptions.js';
import type { PushTarget, PushTransport } from './transport.js';
import { VisibleTabs } from './visible-tabs.js';

export type { PushTransport } from './transport.js';
export type { PushQueueOptions } from './queue.js';

export interface PushConfig {
  /** absent: this server sends no pushes (`push.vapidPublicKey` is null) */
  transport?: PushTransport | undefined;
  queue?: PushQueueOptions | undefined;
  /** accept http:// endpoints (a local stand-in for a push service, in tests); default false */
  allowInsecureEndpoints?: boolean | undefined;
  /** a push given up on, or a subscription dropped */
  log?: ((message: string) => void) | undefined;
}

const TTL_SECONDS = 24 * 60 * 60;

/**
 * Web Push (issue 15): subscriptions per device, and the decision, made once per message, of who
 * gets one: people (never bots) of the room other than the author, with a subscription and no
 * tab in view, whose level asks for it (`all`, or `mentions` and they are mentioned; never when
 * muted). The sends themselves are queued (see queue.ts).
 */
export function createPushService(db: Db, config: PushConfig = {}) {
  const tabs = new VisibleTabs();
  const store = createSubscriptionStore(db);
  const log = config.log ?? (() => {});
  const transport = config.transport;
  const queue = transport
    ? createPushQueue(
        transport,
        {
          gone(endpoint) {
            store.remove(endpoint);
            log(`push: the push service forgot a subscription; removed it (${new URL(endpoint).host})`);
          },
          failed: (endpoint, reason) => log(`push to ${new URL(endpoint).host} failed: ${reason}`),
        },
        config.queue,
      )
    : null;

  function send(target: PushTarget, payload: object, urgency: 'normal' | 'high'): void {
    queue?.push({ target, payload: JSON.stringify(payload), options: { ttlSeconds: TTL_SECONDS, urgency } });
  }

  function deliver(room: { id: string; kind: RoomKind; name: string | null }, message: MessageDto, mentioned: ReadonlySet<string>): void {
    const payload = messagePayload(room, message);
    for (const row of store.recipients(room.id, message.author.id)) {
      if (tabs.hasVisibleTab(row.userId)) continue;
      const { level } = notificationsOf(room.kind, row.level as NotificationLevel | null, row.ignoreMentions === 1);
      const isMentioned = mentioned.has(row.userId);
      if (level === 'nothing' || (level === 'mentions' && !isMentioned)) continue;
      send(
        { endpoint: row.endpoint, keys: { p256dh: row.p256dh, auth: row.auth } },
        payload,
        room.kind === 'direct' || isMentioned ? 'high' : 'normal',
      );
    }
  }

  return {
    tabs,
    publicKey: transport?.publicKey ?? null,
    /** the caller's device subscribes (or re-subscribes: an endpoint belongs to whoever subscribed it last) */
    subscribe(user: { id: string; kind: 'person' | 'bot' }, sessionId: string, target: PushTarget): void {
      if (!transport) throw badRequest('Push notifications are not set up on this server.');
      if (user.kind === 'bot') throw forbidden('Bots do not receive push notifications.');
      if (!config.allowInsecureEndpoints && !target.endpoint.startsWith('https://'))
        throw badRequest('endpoint: a push service address starts with https://.');
      store.save(user.id, sessionId.startsWith('apikey:') ? null : sessionId, target);
    },
    unsubscribe: (userId: string, endpoint: string): boolean => store.removeOwn(userId, endpoint),
    /** after a message is stored: works out its pushes on the next turn, so the send returns first */
    messageSent(room: { id: string; kind: RoomKind; name: string | null }, message: MessageDto, mentionedUserIds: readonly string[]): void {
      if (!queue || !store.anyone()) return;
      const mentioned = new Set(mentionedUserIds);
      setImmediate(() => {
        try {
          deliver(room, message, mentioned);
        } catch (error) {
          log(`push: working out who to notify failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    },
    /** "Send a test notification": to this device, or all of mine; returns how many were queued */
    test(user: { id: string; name: string }, endpoint: string | undefined): number {
      if (!transport) throw badRequest('Push notifications are not set up on this server.');
      const targets = store.ofUser(user.id).filter((target) => endpoint === undefined || target.endpoint === endpoint);
      if (targets.length === 0) throw badRequest('This device has no push subscription here: turn notifications on first.');
      const payload = { title: 'Confab', body: `Notifications work on this device, ${user.name}.`, url: '/#/', tag: 'confab-test' };
      for (const target of targets) send(target, payload, 'normal');
      return targets.length;
    },
    stop: () => queue?.stop(),
  };
}

export type PushService = ReturnType<typeof createPushService>;
