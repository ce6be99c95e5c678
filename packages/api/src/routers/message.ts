import { z } from 'zod';
import { bodyInput, clientIdInput, emojiInput, idInput, messageIdInput } from '../fields.js';
import { authedProcedure, perUser, roomMemberProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import { history, type HistoryPage } from '../services/history.js';
import type { MessageDto } from '../services/message-dto.js';
import { deleteMessage, editMessage, sendMessageGrouped, toggleReaction } from '../services/messages.js';
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
            replyToId: messageIdInput.nullish(),
          })
          .refine((input) => input.body.length > 0 || (input.attachmentIds?.length ?? 0) > 0, {
            message: 'Message cannot be empty: write something or attach a file.',
            path: ['body'],
          }),
      )
      .mutation(({ ctx, input }): Promise<MessageDto> => sendMessageGrouped(s, ctx.user, ctx.membership, input)),

    history: member
      .input(
        z
          .object({
            cursor: z
              .number({ message: 'cursor must be a message id (a number) from nextCursor.' })
              .int('cursor must be a whole number.')
              .positive('cursor must be above 0.')
              .nullish(),
            after: z
              .number({ message: 'after must be a message id (a number) from newerCursor.' })
              .int('after must be a whole number.')
              .positive('after must be above 0.')
              .nullish(),
            around: z
              .number({ message: 'around must be a message id (a number).' })
              .int('around must be a whole number.')
              .positive('around must be above 0.')
              .nullish(),
            limit: z
              .number({ message: 'limit must be a number.' })
              .int('limit must be a whole number.')
              .min(1, 'limit must be at least 1.')
              .max(100, 'limit must be at most 100.')
              .default(50),
          })
          .refine((input) => [input.cursor, input.after, input.around].filter((value) => value != null).length <= 1, {
            message: 'Give at most one of cursor (older), after (newer) and around (a message and both sides of it).',
          }),
      )
      .query(({ ctx, input }): HistoryPage => {
        const roomId = ctx.membership.room.id;
        if (input.around != null) return history(s, roomId, { around: input.around }, input.limit);
        if (input.after != null) return history(s, roomId, { after: input.after }, input.limit);
        return history(s, roomId, { cursor: input.cursor }, input.limit);
      }),

    edit: authedProcedure
      .use(perUser(s.limits.editsPerUser, 'edits'))
      .input(z.object({ messageId: messageIdInput, body: bodyInput }))
      .mutation(({ ctx, input }): MessageDto => editMessage(s, ctx.user.id, input.messageId, input.body)),

    delete: authedProcedure
      .input(z.object({ messageId: messageIdInput }))
      .mutation(({ ctx, input }): MessageDto => deleteMessage(s, ctx.user.id, input.messageId)),

    react: authedProcedure
      .use(perUser(s.limits.reactionsPerUser, 'reactions'))
      .input(z.object({ messageId: messageIdInput, emoji: emojiInput }))
      .mutation(({ ctx, input }): MessageDto => toggleReaction(s, ctx.user.id, input.messageId, input.emoji)),
  });
}
