import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfabClient } from '@confab/sdk';
import type { TestServer } from '../harness.js';
import { PASSWORD, codeOf, join, setUpTeam, startTeamServer, type Person } from './helpers.js';

// Every admin.* procedure, called as an admin, a member, a deactivated person and signed out.
// An admin's call works; a member's is FORBIDDEN; a deactivated person's sessions were ended, and
// a signed-out caller has none, so theirs are UNAUTHORIZED (sign in first), and a deactivated
// person's sign-in is itself refused.

describe('admin procedures', () => {
  let server: TestServer;
  let admin: Person;
  let member: Person;
  let deactivated: Person;
  let target: Person;
  let roomId: string;
  let spareRoomId: string;

  beforeAll(async () => {
    server = await startTeamServer();
    admin = await setUpTeam(server);
    member = await join(server, admin, 'Mem');
    deactivated = await join(server, admin, 'Gone');
    target = await join(server, admin, 'Target');
    roomId = (await member.client.room.create.mutate({ name: 'secret', visibility: 'private' })).id;
    spareRoomId = (await member.client.room.create.mutate({ name: 'spare', visibility: 'private' })).id;
    await admin.client.admin.deactivate.mutate({ userId: deactivated.user.id });
  });
  afterAll(() => server.close());

  const calls: Record<string, (client: ConfabClient) => Promise<unknown>> = {
    settings: (c) => c.admin.settings.query(),
    setRegistration: (c) => c.admin.setRegistration.mutate({ mode: 'invite' }),
    updateTeam: (c) => c.admin.updateTeam.mutate({ name: 'Acme' }),
    users: (c) => c.admin.users.query({ query: 'a' }),
    setRole: (c) => c.admin.setRole.mutate({ userId: target.user.id, role: 'member' }),
    deactivate: (c) => c.admin.deactivate.mutate({ userId: target.user.id }),
    reactivate: (c) => c.admin.reactivate.mutate({ userId: target.user.id }),
    resetPassword: (c) => c.admin.resetPassword.mutate({ userId: target.user.id }),
    rooms: (c) => c.admin.rooms.query(),
    updateRoom: (c) => c.admin.updateRoom.mutate({ roomId, topic: 'renamed by an admin' }),
    archiveRoom: (c) => c.admin.archiveRoom.mutate({ roomId, archived: false }),
    setRoomOwner: (c) => c.admin.setRoomOwner.mutate({ roomId, userId: member.user.id }),
    deleteRoom: (c) => c.admin.deleteRoom.mutate({ roomId: spareRoomId }),
    info: (c) => c.admin.info.query(),
  };

  it('covers every admin procedure', () => {
    const routerProcedures = Object.keys(server.app.confab.api.router._def.procedures)
      .filter((path) => path.startsWith('admin.'))
      .map((path) => path.slice('admin.'.length));
    expect(Object.keys(calls).sort()).toEqual(routerProcedures.sort());
  });

  for (const [name, call] of Object.entries(calls)) {
    describe(`admin.${name}`, () => {
      it('is FORBIDDEN for a member', async () => {
        expect(await codeOf(call(member.client))).toBe('FORBIDDEN');
      });
      it('is UNAUTHORIZED for a deactivated person (their sessions ended)', async () => {
        expect(await codeOf(call(deactivated.client))).toBe('UNAUTHORIZED');
      });
      it('is UNAUTHORIZED signed out', async () => {
        expect(await codeOf(call(server.client()))).toBe('UNAUTHORIZED');
      });
      it('works for an admin', async () => {
        expect(await codeOf(call(admin.client))).toBeNull();
      });
    });
  }

  it('a deactivated person cannot sign in again to get a session', async () => {
    expect(await codeOf(server.client().auth.login.mutate({ email: deactivated.user.email, password: PASSWORD }))).toBe('FORBIDDEN');
  });

  it('a member made admin may call them at once, on the session they already had, and loses them when demoted', async () => {
    await admin.client.admin.setRole.mutate({ userId: member.user.id, role: 'admin' });
    expect(await codeOf(member.client.admin.users.query())).toBeNull();
    await admin.client.admin.setRole.mutate({ userId: member.user.id, role: 'member' });
    expect(await codeOf(member.client.admin.users.query())).toBe('FORBIDDEN');
  });
});
