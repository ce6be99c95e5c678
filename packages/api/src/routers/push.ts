import { z } from 'zod';
import { authedProcedure, publicProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import { orNever } from '../subscriptions.js';
import { router } from '../trpc.js';

const base64urlBytes = (field: string, bytes: number) =>
  z
    .string({ message: `${field} must be text (base64url).` })
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${field} must be base64url, as PushSubscription.toJSON() gives it.`)
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, `${field} must be ${bytes} bytes (base64url), as the browser gives it.`);

const endpointInput = z
  .string({ message: 'endpoint must be the push service URL the browser gave.' })
  .max(2048, 'endpoint is too long (at most 2,048 characters).')
  .pipe(z.url({ protocol: /^https?$/, message: 'endpoint must be the push service URL the browser gave (https://…).' }));

const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

export function pushRouter(s: Services) {
  return router({
    /** the key `PushManager.subscribe({ applicationServerKey })` needs; null when this server sends no pushes */
    vapidPublicKey: publicProcedure.query((): { publicKey: string | null } => ({ publicKey: s.push.publicKey })),

    subscribe: authedProcedure
      .input(
        z.object({
          endpoint: endpointInput,
          keys: z.object(
            { p256dh: base64urlBytes('keys.p256dh', 65), auth: base64urlBytes('keys.auth', 16) },
            { message: 'keys must be { p256dh, auth }.' },
          ),
        }),
      )
      .mutation(({ ctx, input }) => {
        s.push.subscribe(ctx.user, ctx.sessionId, input);
        return { ok: true as const };
      }),

    unsubscribe: authedProcedure
      .input(z.object({ endpoint: endpointInput }))
      .mutation(({ ctx, input }): { removed: boolean } => ({ removed: s.push.unsubscribe(ctx.user.id, input.endpoint) })),

    /** "Send a test notification": to the device with `endpoint`, or to all of mine */
    test: authedProcedure
      .input(z.object({ endpoint: endpointInput.optional() }).optional())
      .mutation(({ ctx, input }): { queued: number } => ({ queued: s.push.test(ctx.user, input?.endpoint) })),

    /**
     * Held open by a tab while it is in view (and over its WebSocket, so a closed tab or a lost
     * connection ends it by itself): while any is open, the user gets no pushes.
     */
    whileVisible: authedProcedure.subscription(async function* ({ ctx, signal }): AsyncGenerator<{ visible: true }, void> {
      const hide = s.push.tabs.show(ctx.user.id);
      try {
        yield { visible: true };
        await untilAborted(orNever(signal));
      } finally {
        hide();
      }
    }),
  });
}
