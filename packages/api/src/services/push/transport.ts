// What the API needs from the host to send a Web Push: the host (apps/server) signs with VAPID and
// encrypts with the `web-push` package; the API decides whom to push, queues and retries.

/** A browser's push subscription, as `PushManager.subscribe()` gives it. */
export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushSendOptions {
  /** how long the push service may keep it for an offline device */
  ttlSeconds: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
}

export interface PushTransport {
  /** the VAPID public key (base64url) browsers subscribe with */
  publicKey: string;
  /** encrypts and POSTs `payload`; resolves with the push service's status, rejects on a network error or timeout */
  send(target: PushTarget, payload: string, options: PushSendOptions): Promise<number>;
}
