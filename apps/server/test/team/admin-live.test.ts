import { afterEach, describe, expect, it } from 'vitest';
import type { SyncEvent } from '@confab/api';
import type { TestServer } from '../harness.js';
import { runCli } from '../cli/helpers.js';
import { send } from '../chat/helpers.js';
import { PASSWORD, join, setUpTeam, startTeamServer, streamEvents, uniqueEmail, type Person } from './helpers.js';

// The admin page's people list follows every change live (issue 10): role changes and new sign-ups
// reach the admins (and the person themselves), and nobody else; renames and (de)activations reach
// every admin even when they share no room with the person.

const updated =
  (userId: string, check: (user: Extract<SyncEvent, { type: 'user.updated' }>['user']) => boolean = () => true) =>
  (event: SyncEvent) =>
    event.type === 'user.updated' && event.user.id === userId && check(event.user);

/** Someone who joins through an invite that puts them in no room, so they share none with the admin. */
async function joinAlone(server: TestServer, admin: Person, name: string): Promise<Person> {
  const { code } = await admin.client.invite.create.mutate({ roomIds: [] });
  return join(server, admin, name, { code });
}

async function confab(server: TestServer, ...args: string[]) {
  return runCli(args, { DATA_DIR: server.dataDir });
}

describe('the admins’ people list is live', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a new sign-up and a role change reach every admin and the person, and no member who shares a room with them', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const adminStream = streamEvents(admin.client);
    await adminStream.started;

    const newcomer = await joinAlone(server, admin, 'Nina');
    await adminStream.until(updated(newcomer.user.id), 1, 'the sign-up on the admin’s stream');

    // A member in a room with the newcomer, to show the role change does not reach them.
    const room = await newcomer.client.room.create.mutate({ name: 'Pair', visibility: 'private' });
    const member = await joinAlone(server, admin, 'Mo');
    await newcomer.client.room.addMembers.mutate({ roomId: room.id, userIds: [member.user.id] });
    const memberStream = streamEvents(member.client);
    const newcomerStream = streamEvents(newcomer.client);
    await Promise.all([memberStream.started, newcomerStream.started]);

    await admin.client.admin.setRole.mutate({ userId: newcomer.user.id, role: 'admin' });
    await adminStream.until(updated(newcomer.user.id), 2, 'the role change on the admin’s stream');
    // The person's own devices learn it too (their Admin link appears).
    await newcomerStream.until(updated(newcomer.user.id), 1, 'the role change on their own stream');
    expect(await newcomer.client.auth.me.query()).toMatchObject({ role: 'admin' });

    // Now an admin, the newcomer hears of the next sign-up; the member still hears of nobody's role.
    const third = await joinAlone(server, admin, 'Tess');
    await newcomerStream.until(updated(third.user.id), 1, 'a sign-up on the new admin’s stream');
    await admin.client.admin.setRole.mutate({ userId: newcomer.user.id, role: 'member' });
    await adminStream.until(updated(newcomer.user.id), 3, 'the demotion on the admin’s stream');
    await send(newcomer.client, room.id, 'after the role changes');
    await memberStream.until((event) => event.type === 'message.created' && event.message.body === 'after the role changes');
    expect(memberStream.events.filter((event) => event.type === 'user.updated')).toEqual([]);
    // A role change carries no role: what the admin page shows comes from admin.users.
    expect(JSON.stringify(adminStream.events)).not.toContain('"role"');
    for (const stream of [adminStream, memberStream, newcomerStream]) stream.stop();
  });

  it('a rename reaches an admin who shares no room with the person', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const loner = await joinAlone(server, admin, 'Lou');
    const adminStream = streamEvents(admin.client);
    await adminStream.started;
    await loner.client.user.updateProfile.mutate({ name: 'Louise' });
    await adminStream.until(
      updated(loner.user.id, (user) => user.name === 'Louise'),
      1,
      'the rename on the admin’s stream',
    );
    adminStream.stop();
  });

  it('`confab promote`, `confab admin create` and `confab rename` (other processes) reach open clients within seconds', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const general = (await admin.client.room.list.query()).find((room) => room.name === 'General');
    if (!general) throw new Error('no General room');
    const colleague = await join(server, admin, 'Cal');
    const loner = await joinAlone(server, admin, 'Pat');
    const adminStream = streamEvents(admin.client);
    const colleagueStream = streamEvents(colleague.client);
    await Promise.all([adminStream.started, colleagueStream.started]);

    const promoted = await confab(server, 'promote', loner.user.email);
    expect(promoted.code, promoted.stderr).toBe(0);
    await adminStream.until(updated(loner.user.id), 1, 'the promotion written by the CLI');

    const email = uniqueEmail('second-admin');
    const created = await runCli(
      ['admin', 'create', '--email', email, '--name', 'Second', '--password-stdin'],
      { DATA_DIR: server.dataDir },
      { stdin: `${PASSWORD}\n` },
    );
    expect(created.code, created.stderr).toBe(0);
    const secondId = created.stdout.trim();
    await adminStream.until(updated(secondId), 1, 'the admin created by the CLI');

    const renamed = await confab(server, 'rename', colleague.user.email, 'Calvin', 'Klein');
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(renamed.stdout).toContain('Calvin Klein');
    // Cal shares General with the admin: both streams carry the new name, the colleague's own devices too.
    const isRenamed = updated(colleague.user.id, (user) => user.name === 'Calvin Klein');
    await adminStream.until(isRenamed, 1, 'the rename written by the CLI, on the admin’s stream');
    await colleagueStream.until(isRenamed, 1, 'the rename written by the CLI, on their own stream');
    const members = await admin.client.room.members.query({ roomId: general.id });
    expect(members.find((row) => row.user.id === colleague.user.id)?.user.name).toBe('Calvin Klein');
    // The colleague, a member, never heard of the promotion or the new admin.
    expect(colleagueStream.events.filter((event) => event.type === 'user.updated' && event.user.id !== colleague.user.id)).toEqual([]);
    adminStream.stop();
    colleagueStream.stop();
  });

  it('`confab rename` refuses a name nobody can read, with exit code 2 and a sentence; an unknown address is exit code 1', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const invisible = await confab(server, 'rename', admin.user.email, '\u200b');
    expect(invisible.code).toBe(2);
    expect(invisible.stderr).toMatch(/Name needs at least one visible character/);
    const override = await confab(server, 'rename', admin.user.email, 'evil\u202eexe');
    expect(override.code).toBe(2);
    expect(override.stderr).toMatch(/text-direction overrides/);
    const unknown = await confab(server, 'rename', 'nobody@example.com', 'Someone');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No account with the e-mail nobody@example.com/);
    expect((await confab(server, 'rename', admin.user.email)).code).toBe(2);
    expect((await admin.client.auth.me.query())?.name).toBe('Ada Admin');
  });
});
