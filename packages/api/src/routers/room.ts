import { z } from 'zod';
import { idInput, messageIdInput, roomIdInput, roomNameInput, topicInput, userIdsInput } from '../fields.js';
import { authedProcedure, perUser, roomMemberProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import type { MemberWithPresence, RoomDto, RoomInfo } from '../services/room-dto.js';
import {
  addMembers,
  browsePublic,
  createGroup,
  joinRoom,
  leaveRoom,
  listMembers,
  listRooms,
  markRead,
  markUnread,
  openDirect,
  roomById,
  setNotificationLevel,
  updateRoom,
  type NotificationSettings,
  type PublicRoomPage,
} from '../services/rooms/index.js';
import { router } from '../trpc.js';

export function roomRouter(s: Services) {
  const member = roomMemberProcedure(s);
  return router({
    list: authedProcedure.query(({ ctx }): RoomDto[] => listRooms(s, ctx.user.id)),

    byId: member.query(({ ctx }): RoomDto => roomById(s, ctx.user.id, ctx.membership.room.id)),

    members: member.query(({ ctx }): MemberWithPresence[] => listMembers(s, ctx.membership.room.id)),

    create: authedProcedure
      .use(perUser(s.limits.roomCreatesPerUser, 'rooms created'))
      .input(
        z.object({
          name: roomNameInput,
          topic: topicInput.nullish(),
          visibility: z.enum(['public', 'private'], { message: 'visibility must be "public" or "private".' }),
          memberIds: z.array(idInput).max(100, 'At most 100 members at a time.').optional(),
        }),
      )
      .mutation(({ ctx, input }): RoomDto => createGroup(s, ctx.user.id, input)),

    openDirect: authedProcedure.input(z.object({ userId: idInput })).mutation(({ ctx, input }): RoomDto => openDirect(s, ctx.user.id, input.userId)),

    /** public groups by name, a page at a time; `query` keeps those whose name holds it */
    browse: authedProcedure
      .input(
        z
          .object({
            cursor: z.string().max(400, 'cursor: pass back the nextCursor of the previous page as it was.').nullish(),
            limit: z
              .number()
              .int('limit must be a whole number.')
              .min(1, 'limit must be at least 1.')
              .max(100, 'limit must be at most 100.')
              .default(50),
            query: z.string().max(80, 'Search for at most 80 characters.').optional(),
          })
          .default({ limit: 50 }),
      )
      .query(({ ctx, input }): PublicRoomPage => browsePublic(s, ctx.user.id, input)),

    join: authedProcedure.input(z.object({ roomId: roomIdInput })).mutation(({ ctx, input }): RoomDto => joinRoom(s, ctx.user.id, input.roomId)),

    leave: member.mutation(({ ctx }) => {
      leaveRoom(s, ctx.user.id, ctx.membership);
      return { ok: true as const };
    }),

    addMembers: member
      .input(z.object({ userIds: userIdsInput }))
      .mutation(({ ctx, input }): { addedUserIds: string[] } => addMembers(s, ctx.membership, input.userIds)),

    update: member
      .input(z.object({ name: roomNameInput.optional(), topic: topicInput.nullish() }))
      .mutation(({ ctx, input }): RoomInfo => updateRoom(s, ctx.membership, input)),

    markRead: member
      .input(z.object({ messageId: messageIdInput }))
      .mutation(({ ctx, input }): { lastReadMessageId: number } => markRead(s, ctx.user.id, ctx.membership, input.messageId)),

    /** moves my read marker back to just before the message (Mark as unread); NOT_FOUND if it is not in the room */
    markUnread: member
      .input(z.object({ messageId: messageIdInput }))
      .mutation(({ ctx, input }): { lastReadMessageId: number } => markUnread(s, ctx.user.id, ctx.membership, input.messageId)),

    setNotificationLevel: member
      .input(
        z.object({
          level: z.enum(['all', 'mentions', 'nothing'], { message: 'level must be "all", "mentions" or "nothing".' }),
          ignoreMentions: z.boolean({ message: 'ignoreMentions must be true or false.' }).optional(),
        }),
      )
      .mutation(({ ctx, input }): NotificationSettings => setNotificationLevel(s, ctx.user.id, ctx.membership, input)),
  });
}
