import { afterEach, describe, expect, it } from 'vitest';
import type { SyncEvent } from '@confab/api';
import type { TestServer } from '../harness.js';
import { runCli } from '../cli/helpers.js';
import { send } from '../chat/helpers.js';
import { join, setUpTeam, startTeamServer, streamEvents } from './helpers.js';

const userUpdated = (userId: string, deactivated: boolean) => (event: SyncEvent) =>
  event.type === 'user.updated' && event.user.id === userId && event.user.deactivated === deactivated;

async function confab(server: TestServer, ...args: string[]): Promise<void> {
  const run = await runCli(args, { DATA_DIR: server.dataDir });
  expect(run.code, run.stderr).toBe(0);
}

describe('changes made from the command line reach open clients live', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a deactivation and a reactivation by `confab` (another process) arrive within seconds, once each, in seq order with the server’s own events', async () => {
    server = await startTeamServer();
    const admin = await setUpTeam(server);
    const watcher = await join(server, admin, 'Wes');
    const leaver = await join(server, admin, 'Lee');
    const general = (await watcher.client.room.list.query()).find((room) => room.name === 'General');
    if (!general) throw new Error('no General room');
    const stream = streamEvents(watcher.client);
    await stream.started;

    // A quiet server: it learns of the CLI's write through PRAGMA data_version.
    const before = Date.now();
    await confab(server, 'deactivate', leaver.user.email);
    const ranFor = Date.now() - before;
    await stream.until(userUpdated(leaver.user.id, true), 1, 'the deactivation written by the CLI');
    expect(Date.now() - before - ranFor).toBeLessThan(3_000);

    // A busy one: the server writes its own event right after the CLI's, before its next look at
    // data_version; the CLI's, with the lower seq, still comes first.
    await confab(server, 'reactivate', leaver.user.email);
    await send(admin.client, general.id, 'right after the reactivation');
    await stream.until((event) => event.type === 'message.created' && event.message.body === 'right after the reactivation');
    await stream.until(userUpdated(leaver.user.id, false), 1, 'the reactivation written by the CLI');

    // Once each, and in seq order: a later event from this server proves nothing more was on its way.
    await send(admin.client, general.id, 'the last one');
    await stream.until((event) => event.type === 'message.created' && event.message.body === 'the last one');
    expect(stream.events.filter(userUpdated(leaver.user.id, true))).toHaveLength(1);
    expect(stream.events.filter(userUpdated(leaver.user.id, false))).toHaveLength(1);
    const seqs = stream.events.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const reactivatedAt = stream.events.findIndex(userUpdated(leaver.user.id, false));
    const messageAt = stream.events.findIndex((event) => event.type === 'message.created' && event.message.body === 'right after the reactivation');
    expect(reactivatedAt).toBeLessThan(messageAt);
    expect(stream.errors).toEqual([]);
    stream.stop();
  });
});
