import { z } from 'zod';
import { bodyInput, clientIdInput, emojiInput, idInput, messageIdInput } from '../fields.js';
import { authedProcedure, roomMemberProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import type { MessageDto } from '../services/message-dto.js';
import { deleteMessage, editMessage, history, sendMessage, toggleReaction } from '../services/messages.js';
import { router } from '../trpc.js';

export function messageRouter(s: Services) {
  const member = roomMemberProcedure(s);
  return router({
    send: member
      .input(
        z
          .object({
            body: bodyInput,
            clientId: clientIdInput,
            attachmentIds: z.array(idInput).max(10, 'At most 10 attachments per message.').optional(),
          })
          .refine((input) => input.body.length > 0 || (input.attachmentIds?.length ?? 0) > 0, {
            message: 'Message cannot be empty: write something or attach a file.',
            path: ['body'],
          }),
      )
      .mutation(({ ctx, input }): MessageDto => sendMessage(s, ctx.user, ctx.membership, input)),

    history: member
      .input(
        z.object({
          cursor: z
            .number({ message: 'cursor must be a message id (a number) from nextCursor.' })
            .int('cursor must be a whole number.')
            .positive('cursor must be above 0.')
            .nullish(),
          limit: z
            .number({ message: 'limit must be a number.' })
            .int('limit must be a whole number.')
            .min(1, 'limit must be at least 1.')
            .max(100, 'limit must be at most 100.')
            .default(50),
        }),
      )
      .query(({ ctx, input }): { messages: MessageDto[]; nextCursor: number | null } =>
        history(s, ctx.membership.room.id, input.cursor, input.limit),
      ),

    edit: authedProcedure
      .input(z.object({ messageId: messageIdInput, body: bodyInput }))
      .mutation(({ ctx, input }): MessageDto => editMessage(s, ctx.user.id, input.messageId, input.body)),

    delete: authedProcedure
      .input(z.object({ messageId: messageIdInput }))
      .mutation(({ ctx, input }): MessageDto => deleteMessage(s, ctx.user.id, input.messageId)),

    react: authedProcedure
      .input(z.object({ messageId: messageIdInput, emoji: emojiInput }))
      .mutation(({ ctx, input }): MessageDto => toggleReaction(s, ctx.user.id, input.messageId, input.emoji)),
  });
}
