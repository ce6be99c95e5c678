import { z } from 'zod';
import { idInput } from '../fields.js';
import { visibleName } from '../names.js';
import { authedProcedure, roomMemberProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import { createWebhook, listWebhooks, revokeWebhook, type WebhookDto } from '../services/webhooks.js';
import { router } from '../trpc.js';

export function webhookRouter(s: Services) {
  const member = roomMemberProcedure(s);
  return router({
    /** Room members only (NOT_FOUND for anyone else). `curl -d 'text' <url>` then posts into the room; the URL is shown only here. */
    create: member
      .input(z.object({ name: visibleName('Webhook name', 80) }))
      .mutation(({ ctx, input }): { url: string; webhook: WebhookDto } => createWebhook(s, ctx.user.id, ctx.membership, input.name)),

    /** The room's live webhooks, newest first (never their URLs). */
    list: member.query(({ ctx }): WebhookDto[] => listWebhooks(s, ctx.membership.room.id)),

    /** Any member of its room may revoke it: its URL answers 404 from then on, like one that never existed. */
    revoke: authedProcedure
      .input(z.object({ webhookId: idInput }))
      .mutation(({ ctx, input }): WebhookDto => revokeWebhook(s, ctx.user.id, input.webhookId)),
  });
}
