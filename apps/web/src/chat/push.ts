import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect } from 'react';
import { client, trpc } from '../lib/trpc.js';
import { usePageVisible } from './browser-page.js';

// Web Push in the browser (issue 15): the service worker (public/sw.js), this device's push
// subscription, and telling the server while a tab is in view (then it sends no pushes).

let registration: Promise<ServiceWorkerRegistration | null> | null = null;

/** Registers /sw.js once (it caches the shell and shows pushes); null where there are no service workers. */
function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  registration ??= 'serviceWorker' in navigator ? navigator.serviceWorker.register('/sw.js').catch(() => null) : Promise.resolve(null);
  return registration;
}

/**
 * While this tab is in view it holds `push.whileVisible` open on its socket, so the server pushes
 * to none of my devices; hidden, closed or offline, the subscription ends by itself. A click on a
 * notification in an open tab comes back here as a message from the service worker.
 */
export function useTabInView(): void {
  const visible = usePageVisible();
  useSubscription(trpc.push.whileVisible.subscriptionOptions(undefined, { enabled: visible }));
  useEffect(() => {
    void registerServiceWorker();
    if (!('serviceWorker' in navigator)) return;
    const open = (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown; url?: unknown } | null;
      if (data?.type === 'confab.open' && typeof data.url === 'string') location.hash = new URL(data.url, location.origin).hash;
    };
    navigator.serviceWorker.addEventListener('message', open);
    return () => navigator.serviceWorker.removeEventListener('message', open);
  }, []);
}

export type PushState = { kind: 'unsupported' } | { kind: 'unavailable' } | { kind: 'denied' } | { kind: 'off' } | { kind: 'on'; endpoint: string };

const isSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && typeof Notification !== 'undefined';

async function currentSubscription(): Promise<PushSubscription | null> {
  const registered = await registerServiceWorker();
  return registered ? registered.pushManager.getSubscription() : null;
}

/** Where this device stands: no browser support, no push on this server, blocked, off or on. */
export async function pushState(): Promise<PushState> {
  if (!isSupported()) return { kind: 'unsupported' };
  const { publicKey } = await client.push.vapidPublicKey.query();
  if (!publicKey) return { kind: 'unavailable' };
  if (Notification.permission === 'denied') return { kind: 'denied' };
  const subscription = Notification.permission === 'granted' ? await currentSubscription() : null;
  return subscription ? { kind: 'on', endpoint: subscription.endpoint } : { kind: 'off' };
}

/** Asks for permission (from a click only), subscribes this device and tells the server. */
export async function turnPushOn(): Promise<PushState> {
  if (!isSupported()) return { kind: 'unsupported' };
  const { publicKey } = await client.push.vapidPublicKey.query();
  if (!publicKey) return { kind: 'unavailable' };
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? { kind: 'denied' } : { kind: 'off' };
  const registered = await registerServiceWorker();
  if (!registered) return { kind: 'unsupported' };
  await navigator.serviceWorker.ready;
  const subscription =
    (await registered.pushManager.getSubscription()) ??
    (await registered.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
  const json = subscription.toJSON();
  const keys = { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' };
  await client.push.subscribe.mutate({ endpoint: subscription.endpoint, keys });
  return { kind: 'on', endpoint: subscription.endpoint };
}

export async function turnPushOff(): Promise<PushState> {
  const subscription = await currentSubscription();
  if (subscription) {
    await client.push.unsubscribe.mutate({ endpoint: subscription.endpoint });
    await subscription.unsubscribe();
  }
  return { kind: 'off' };
}

export const sendTestPush = (endpoint: string) => client.push.test.mutate({ endpoint });
