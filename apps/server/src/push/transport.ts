import webpush from 'web-push';
import type { PushTransport } from '@confab/api';
import type { VapidKeys } from './vapid.js';

/** A push service that has not answered in this long counts as unreachable (and is retried). */
const SEND_TIMEOUT_MS = 10_000;

/**
 * Encrypts (aes128gcm) and signs (VAPID) with `web-push`, then POSTs with fetch: web-push's own
 * sender speaks https only, and fetch gives an abortable timeout.
 */
export function webPushTransport(keys: VapidKeys, subject: string): PushTransport {
  const vapidDetails = { subject, publicKey: keys.publicKey, privateKey: keys.privateKey };
  return {
    publicKey: keys.publicKey,
    async send(target, payload, options) {
      const request = webpush.generateRequestDetails(target, payload, {
        vapidDetails,
        TTL: options.ttlSeconds,
        urgency: options.urgency,
        contentEncoding: 'aes128gcm',
      });
      const response = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body ? new Uint8Array(request.body) : null,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.status;
    },
  };
}
