import { z } from 'zod';
import { idInput } from '../fields.js';
import { visibleName } from '../names.js';
import { authedProcedure } from '../procedures.js';
import { createBot, deleteBot, listBots, rotateBotKey, updateBot, type BotDto } from '../services/bots.js';
import type { Services } from '../services/index.js';
import { router } from '../trpc.js';

const botNameInput = visibleName('Bot name', 80);
const botIdInput = z.object({ botId: idInput });

export function botRouter(s: Services) {
  return router({
    /** An admin (or any member, when the admin allows it) makes a bot; its key is shown only in this answer. */
    create: authedProcedure
      .input(z.object({ name: botNameInput }))
      .mutation(({ ctx, input }): { bot: BotDto; apiKey: string } => createBot(s, ctx.user, input.name)),

    /** Every bot for an admin; your own for a member. */
    list: authedProcedure.query(({ ctx }): BotDto[] => listBots(s, ctx.user)),

    update: authedProcedure
      .input(z.object({ botId: idInput, name: botNameInput.optional(), avatarUploadId: idInput.nullish() }))
      .mutation(({ ctx, input }): BotDto => updateBot(s, ctx.user, input.botId, input)),

    /** Ends the bot: its key stops and its sockets close at once; its messages stay. */
    delete: authedProcedure.input(botIdInput).mutation(({ ctx, input }) => deleteBot(s, ctx.user, input.botId)),

    /** A new key, shown only in this answer; the old one stops at once and its sockets close. */
    rotateKey: authedProcedure
      .input(botIdInput)
      .mutation(({ ctx, input }): { bot: BotDto; apiKey: string } => rotateBotKey(s, ctx.user, input.botId)),
  });
}
