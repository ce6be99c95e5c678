// Scenario 5: many signed-in idle sockets, each with its live sync.onEvent subscription (as the
// web client holds one), spread over worker processes and over 127.0.0.x source addresses so
// one address's ephemeral ports never run short. Then: is presence still delivered?
// A second, smaller phase subscribes every socket to presence.onChange too (the web client does),
// to show what presence costs per connection as the number of watchers grows.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startConfab } from '../lib/confab-server.mjs';
import { spawnWorker } from '../lib/ipc.mjs';
import { cpuMeter, processStats } from '../lib/proc.mjs';
import { jwtSecret, openDb, preparedDataDir, removeDataDir, seedRoom, seedUsers } from '../lib/seed.mjs';
import { sleep } from '../lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEAM_SIZE = 50;

export async function runConnections({ sockets, processes, presenceSockets, log, cpuProfileDir }) {
  const idle = await connectMany({ label: 'idle', sockets, processes, subscribe: ['sync'], checkPresence: true, log, cpuProfileDir });
  const withPresence = await connectMany({
    label: 'presence',
    sockets: presenceSockets,
    processes,
    subscribe: ['sync', 'presence'],
    checkPresence: false,
    log,
  });
  return { ...idle, withPresence };
}

async function connectMany({ label, sockets, processes, subscribe, checkPresence, log, cpuProfileDir }) {
  const dataDir = await preparedDataDir('connections');
  const db = openDb(dataDir);
  const users = await seedUsers(db, sockets, label);
  // Users sit in teams (rooms) of 50, so sync filters and presence have something to look at.
  for (let i = 0; i < users.length; i += TEAM_SIZE)
    seedRoom(
      db,
      `team ${i / TEAM_SIZE}`,
      users.slice(i, i + TEAM_SIZE).map((user) => user.id),
    );
  const [observer, arriving] = await seedUsers(db, 2, 'watch');
  seedRoom(db, 'presence check', [observer.id, arriving.id]);
  db.close();

  const server = await startConfab({ dataDir, jwtSecret, cpuProfileDir: cpuProfileDir && `${cpuProfileDir}/connections` });
  const workers = Array.from({ length: processes }, (_, i) => spawnWorker(path.join(here, '../workers/receiver.mjs'), `connector ${i}`));
  const watcher = spawnWorker(path.join(here, '../workers/receiver.mjs'), 'presence watcher');
  try {
    await sleep(500);
    const before = processStats(server.pid);
    const meter = cpuMeter(server.pid);
    const startedAt = performance.now();
    const opened = await Promise.all(
      workers.map((worker, i) =>
        worker.call('open', {
          mode: 'confab',
          url: server.url,
          tokens: users.filter((_, index) => index % processes === i).map((user) => user.token),
          subscribe,
          localAddresses: [`127.0.0.${2 + i}`],
          concurrency: 64,
        }),
      ),
    );
    const connectAllMs = Math.round(performance.now() - startedAt);
    const connectCpu = meter.read();
    meter.stop();
    const connected = opened.reduce((sum, part) => sum + part.opened, 0);
    const failed = opened.reduce((sum, part) => sum + part.failed, 0);
    await sleep(2_000);
    const after = processStats(server.pid);
    const serverCpuMsPerConnection = Math.round((connectCpu.cpuMs / Math.max(1, connected)) * 100) / 100;
    log(
      `  ${connected} of ${sockets} sockets signed in and subscribed to ${subscribe.join(' + ')} in ${connectAllMs} ms (${failed} failed${failed ? `: ${opened.find((p) => p.firstError)?.firstError}` : ''}); server CPU ${serverCpuMsPerConnection} ms per connection; RSS ${before.rssMb} -> ${after.rssMb} MB`,
    );
    const result = {
      sockets,
      processes,
      subscriptions: subscribe,
      sourceAddresses: workers.map((_, i) => `127.0.0.${2 + i}`),
      connected,
      failed,
      connectAllMs,
      serverCpuMsPerConnection,
      serverRssBeforeMb: before.rssMb,
      serverRssAfterMb: after.rssMb,
      rssPerConnectionKb: connected ? Math.round(((after.rssMb - before.rssMb) * 1024) / connected) : null,
    };
    if (!checkPresence) return result;

    // Presence with everyone connected: a watcher subscribes, then a roommate comes online.
    await watcher.call('open', { mode: 'confab', url: server.url, tokens: [observer.token], subscribe: 'presence' });
    const arrivedAt = (await watcher.call('presence', { userId: arriving.id })).now;
    await watcher.call('open', { mode: 'confab', url: server.url, tokens: [arriving.token], subscribe: 'none' });
    let presenceMs = null;
    const deadline = performance.now() + 10_000;
    while (performance.now() < deadline) {
      const { seenAt } = await watcher.call('presence', { userId: arriving.id });
      if (seenAt !== null) {
        presenceMs = Math.round((seenAt - arrivedAt) * 10) / 10;
        break;
      }
      await sleep(20);
    }
    log(
      `  presence with ${connected} sockets open: ${presenceMs === null ? 'NOT delivered within 10 s' : `delivered ${presenceMs} ms after the roommate started connecting`}`,
    );
    return { ...result, presenceDelivered: presenceMs !== null, presenceMs };
  } finally {
    await Promise.all([...workers, watcher].map((worker) => worker.call('close').catch(() => {})));
    await Promise.all([...workers, watcher].map((worker) => worker.stop()));
    await server.stop();
    removeDataDir(dataDir);
  }
}
