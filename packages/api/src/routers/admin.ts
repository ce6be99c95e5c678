import { z } from 'zod';
import { domainInput, idInput, roleInput, roomIdInput, roomNameInput, signupModeInput, teamNameInput, topicInput } from '../fields.js';
import { adminProcedure } from '../procedures.js';
import { adminRooms, adminUpdateRoom, archiveRoom, deleteRoom, setRoomOwner, type AdminRoomDto } from '../services/admin-rooms.js';
import type { Services } from '../services/index.js';
import { adminResetLink } from '../services/password-reset.js';
import { adminUsers, deactivateUser, reactivateUser, setRole, type AdminUserDto } from '../services/people.js';
import type { RoomInfo } from '../services/room-dto.js';
import { serverInfo, type ServerInfo } from '../services/server-info.js';
import { readTeam, setRegistration, updateTeamSettings, type TeamSettings } from '../services/team.js';
import { router } from '../trpc.js';

const userIdInput = z.object({ userId: idInput });
const roomInput = z.object({ roomId: roomIdInput });

/** Everything here is for admins only: FORBIDDEN for anyone else (UNAUTHORIZED when signed out). */
export function adminRouter(s: Services) {
  const admin = adminProcedure(s);
  return router({
    settings: admin.query((): TeamSettings => readTeam(s)),

    /** Who may join: `invite` (links only), `domain` (addresses at `domains`, others need a link) or `open`. */
    setRegistration: admin
      .input(z.object({ mode: signupModeInput, domains: z.array(domainInput).max(50, 'At most 50 domains.').optional() }))
      .mutation(({ input }): TeamSettings => setRegistration(s, input.mode, input.domains)),

    /** The team's name (sidebar and page title), whether members may invite, and the rooms an invite joins by default. */
    updateTeam: admin
      .input(
        z.object({
          name: teamNameInput.optional(),
          membersCanInvite: z.boolean().optional(),
          membersCanCreateBots: z.boolean().optional(),
          defaultRoomIds: z.array(roomIdInput).max(50, 'At most 50 default rooms.').optional(),
        }),
      )
      .mutation(({ input }): TeamSettings => updateTeamSettings(s, input)),

    users: admin
      .input(z.object({ query: z.string().max(100, 'Search for at most 100 characters.').optional() }).optional())
      .query(({ input }): AdminUserDto[] => adminUsers(s, input?.query)),

    /** There is always one active admin left: demoting the last one is CONFLICT. */
    setRole: admin.input(z.object({ userId: idInput, role: roleInput })).mutation(({ input }): AdminUserDto => setRole(s, input.userId, input.role)),

    /** Ends their sessions and closes their sockets at once; their messages stay. Not the last active admin. */
    deactivate: admin.input(userIdInput).mutation(({ input }): AdminUserDto => deactivateUser(s, input.userId)),

    reactivate: admin.input(userIdInput).mutation(({ input }): AdminUserDto => reactivateUser(s, input.userId)),

    /** A one-time link (24 h, single use, replaces any earlier one) to hand to the person. */
    /** With `email: true` and SMTP configured, the link is also mailed to the person (`emailed` says whether). */
    resetPassword: admin
      .input(z.object({ userId: idInput, email: z.boolean().optional() }))
      .mutation(({ input }): Promise<{ url: string; expiresAt: string; emailed: boolean }> => adminResetLink(s, input.userId, input.email ?? false)),

    /** Every group room, private ones included. */
    rooms: admin.query((): AdminRoomDto[] => adminRooms(s)),

    updateRoom: admin
      .input(
        z.object({
          roomId: roomIdInput,
          name: roomNameInput.optional(),
          topic: topicInput.nullish(),
          visibility: z.enum(['public', 'private'], { message: 'visibility must be "public" or "private".' }).optional(),
        }),
      )
      .mutation(({ input }): RoomInfo => adminUpdateRoom(s, input.roomId, input)),

    /** `archived: false` brings it back. */
    archiveRoom: admin
      .input(z.object({ roomId: roomIdInput, archived: z.boolean().default(true) }))
      .mutation(({ input }): AdminRoomDto => archiveRoom(s, input.roomId, input.archived)),

    deleteRoom: admin.input(roomInput).mutation(({ input }) => {
      deleteRoom(s, input.roomId);
      return { ok: true as const };
    }),

    /** Makes `userId` the room's owner (adding them if needed); the previous owners stay as members. */
    setRoomOwner: admin
      .input(z.object({ roomId: roomIdInput, userId: idInput }))
      .mutation(({ input }): AdminRoomDto => setRoomOwner(s, input.roomId, input.userId)),

    info: admin.query((): Promise<ServerInfo> => serverInfo(s)),
  });
}
