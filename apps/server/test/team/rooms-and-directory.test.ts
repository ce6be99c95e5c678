import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestServer } from '../harness.js';
import { expectCode, join, setUpTeam, startTeamServer, streamEvents } from './helpers.js';

describe('the team directory and who can reach whom', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('lists active people, searchable by name or e-mail, and DMs and room invitations work from it', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const bea = await join(server, admin, 'Beatrice');
    await join(server, admin, 'Carlos');
    const entries = await bea.client.user.directory.query({});
    expect(entries.map((entry) => entry.user.name)).toEqual(['Ada Admin', 'Carlos']);
    const found = await bea.client.user.directory.query({ query: 'carl' });
    expect(found.map((entry) => entry.user.name)).toEqual(['Carlos']);
    expect(await bea.client.user.directory.query({ query: '%' })).toEqual([]);
    const carlos = found[0]?.user;
    if (!carlos) throw new Error('Carlos missing');

    // No contact needed: a DM and a room invitation go to anyone in the directory.
    await bea.client.room.openDirect.mutate({ userId: carlos.id });
    const room = await bea.client.room.create.mutate({ name: 'plans', visibility: 'private' });
    expect(await bea.client.room.addMembers.mutate({ roomId: room.id, userIds: [carlos.id] })).toEqual({ addedUserIds: [carlos.id] });
    // An id from outside this server reaches nobody.
    await expectCode(bea.client.room.openDirect.mutate({ userId: 'someone-from-elsewhere' }), 'NOT_FOUND');
    await expectCode(server.client().user.directory.query({}), 'UNAUTHORIZED');
  });

  it('contact.add answers the same for any address nobody active has, and is rate-limited', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const nosy = await join(server, admin, 'Nosy');
    const unknown = await expectCode(nosy.client.contact.add.mutate({ email: 'nobody@example.com' }), 'NOT_FOUND');
    expect(unknown.message).toMatch(/Nobody on this team/);
    let limited = false;
    for (let i = 0; i < 40 && !limited; i++) {
      limited = await nosy.client.contact.add.mutate({ email: `guess${i}@example.com` }).then(
        () => false,
        (error: { data?: { code?: string } }) => error.data?.code === 'TOO_MANY_REQUESTS',
      );
    }
    expect(limited).toBe(true);
  });
});

describe('admin: rooms', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('sees every group room, private ones it is not in included; renames, archives, changes owner and deletes', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const owner = await join(server, admin, 'Owner');
    const other = await join(server, admin, 'Other');
    const secret = await owner.client.room.create.mutate({ name: 'secret', visibility: 'private', memberIds: [other.user.id] });
    await owner.client.room.openDirect.mutate({ userId: other.user.id });

    const rooms = await admin.client.admin.rooms.query();
    expect(rooms.map((room) => room.name).sort()).toEqual(['General', 'secret']);
    expect(rooms.find((room) => room.id === secret.id)).toMatchObject({ memberCount: 2, owners: [{ id: owner.user.id }], archivedAt: null });

    const watcher = streamEvents(owner.client);
    await watcher.started;
    await admin.client.admin.updateRoom.mutate({ roomId: secret.id, name: 'not so secret' });
    await watcher.until((e) => e.type === 'room.updated' && e.room.name === 'not so secret');

    await admin.client.admin.archiveRoom.mutate({ roomId: secret.id });
    const refusal = await expectCode(
      owner.client.message.send.mutate({ roomId: secret.id, body: 'still here?', clientId: randomUUID() }),
      'FORBIDDEN',
    );
    expect(refusal.message).toMatch(/archived/);
    await admin.client.admin.archiveRoom.mutate({ roomId: secret.id, archived: false });
    await owner.client.message.send.mutate({ roomId: secret.id, body: 'back again', clientId: randomUUID() });

    const changed = await admin.client.admin.setRoomOwner.mutate({ roomId: secret.id, userId: other.user.id });
    expect(changed.owners.map((user) => user.id)).toEqual([other.user.id]);

    await admin.client.admin.deleteRoom.mutate({ roomId: secret.id });
    await watcher.until((e) => e.type === 'member.left' && e.roomId === secret.id);
    await expectCode(owner.client.room.byId.query({ roomId: secret.id }), 'NOT_FOUND');
    await expectCode(admin.client.admin.deleteRoom.mutate({ roomId: secret.id }), 'NOT_FOUND');
    watcher.stop();
  });

  it('an archived public room leaves the directory of public rooms', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const member = await join(server, admin, 'Mia');
    const room = await admin.client.room.create.mutate({ name: 'old-project', visibility: 'public' });
    expect((await member.client.room.browse.query()).rooms.map((entry) => entry.name)).toContain('old-project');
    await admin.client.admin.archiveRoom.mutate({ roomId: room.id });
    expect((await member.client.room.browse.query()).rooms.map((entry) => entry.name)).not.toContain('old-project');
    await expectCode(member.client.room.join.mutate({ roomId: room.id }), 'NOT_FOUND');
  });

  it('server facts: version, sizes and free disk', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const info = await admin.client.admin.info.query();
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.databaseBytes).toBeGreaterThan(0);
    expect(info.freeDiskBytes).toBeGreaterThan(0);
    expect(info.people).toEqual({ active: 1, deactivated: 0, admins: 1 });
  });
});
