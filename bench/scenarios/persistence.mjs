// Scenario 3: sustained sends over HTTP (the SDK's path for mutations) on 20 keep-alive
// connections; every acknowledged message must be in the database afterwards. With
// `transport: 'ws'` the same load goes as tRPC mutations over each user's signed-in WebSocket.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startConfab } from '../lib/confab-server.mjs';
import { spawnWorker } from '../lib/ipc.mjs';
import { cpuMeter, cpuPressureMeter } from '../lib/proc.mjs';
import { jwtSecret, openDb, preparedDataDir, removeDataDir, seedRoom, seedUsers } from '../lib/seed.mjs';
import { summarize } from '../lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function runPersistence({ users, rate, durationMs, senderProcesses, connectionsPerProcess, log, cpuProfileDir, transport = 'http' }) {
  // The per-user send limit (30 per 10 s) is a product rule, so the load is many users at
  // rate/users messages a second each, multiplexed over the connections.
  const dataDir = await preparedDataDir('persist');
  const db = openDb(dataDir);
  const seeded = await seedUsers(db, users, 'writer');
  const roomId = seedRoom(
    db,
    'persistence',
    seeded.map((user) => user.id),
  );
  db.close();
  const server = await startConfab({ dataDir, jwtSecret, cpuProfileDir: cpuProfileDir && `${cpuProfileDir}/persistence-${transport}` });
  const senders = Array.from({ length: senderProcesses }, (_, i) =>
    spawnWorker(path.join(here, '../workers/sender.mjs'), `${transport} sender ${i}`),
  );
  try {
    await Promise.all(
      senders.map((sender, i) =>
        sender.call('open', {
          mode: transport === 'ws' ? 'confab' : 'http',
          url: server.url,
          tokens: seeded.filter((_, index) => index % senderProcesses === i).map((user) => user.token),
          count: seeded.filter((_, index) => index % senderProcesses === i).length,
          connections: connectionsPerProcess,
        }),
      ),
    );
    // Warm-up (JIT, first queries), not counted.
    await Promise.all(senders.map((sender) => sender.call('run', { tag: 'persistwarmup', roomId, rate: 20, durationMs: 500 })));
    const meter = cpuMeter(server.pid);
    const pressure = cpuPressureMeter();
    const parts = await Promise.all(
      senders.map((sender) => sender.call('run', { tag: 'persist', roomId, rate: rate / senderProcesses, durationMs, collectIds: true })),
    );
    const use = meter.read();
    const cpuPressurePct = pressure.read();
    meter.stop();
    const sent = parts.reduce((sum, part) => sum + part.sent, 0);
    const acked = parts.reduce((sum, part) => sum + part.acked, 0);
    const errors = {};
    for (const part of parts) for (const [code, count] of Object.entries(part.errors)) errors[code] = (errors[code] ?? 0) + count;
    const sendMs = Math.max(...parts.map((part) => part.sendMs));
    const ack = summarize(parts.flatMap((part) => Array.from(part.ackLatencies)));
    // Stop the load and the server (gracefully), then look for every acknowledged message on disk.
    await Promise.all(senders.map((sender) => sender.stop()));
    await server.stop();
    const check = openDb(dataDir);
    check.exec('CREATE TEMP TABLE acked (client_id TEXT PRIMARY KEY)');
    const insert = check.prepare('INSERT INTO acked VALUES (?)');
    check.transaction(() => parts.forEach((part) => part.ackedIds.forEach((id) => insert.run(id))))();
    const stored = check.prepare('SELECT count(*) AS n FROM message JOIN acked USING (client_id) WHERE room_id = ?').get(roomId).n;
    const events = check.prepare("SELECT count(*) AS n FROM event WHERE room_id = ? AND type = 'message.created'").get(roomId).n;
    check.close();
    const result = {
      users,
      transport,
      /** HTTP keep-alive connections, or (ws) one signed-in socket per user */
      connections: transport === 'ws' ? users : senderProcesses * connectionsPerProcess,
      targetRate: rate,
      durationS: durationMs / 1000,
      sent,
      acked,
      errors,
      offeredRate: Math.round(sent / (sendMs / 1000)),
      /** acknowledged messages per second of the run, drain included: what the server sustained */
      ackedPerSecond: Math.round(acked / (Math.max(...parts.map((part) => part.wallMs)) / 1000)),
      ackMs: ack,
      /** acknowledged messages found in the database after a restart-safe shutdown */
      storedMessages: stored,
      /** message.created events in the log (warm-up included) */
      storedEvents: events,
      allPersisted: stored === acked && acked > 0,
      serverCpuPct: use.cpuPct,
      serverCpuMsPerMessage: Math.round((use.cpuMs / Math.max(1, acked)) * 100) / 100,
      serverRssMb: use.peakRssMb,
      cpuPressurePct,
    };
    log(
      `  ${transport} ${rate} msg/s for ${durationMs / 1000} s: sent ${sent}, acked ${acked}, stored ${stored}, ack p50 ${ack.p50} p99 ${ack.p99} ms, errors ${JSON.stringify(errors)}, server CPU ${use.cpuPct}% (${result.serverCpuMsPerMessage} ms per message)`,
    );
    return result;
  } finally {
    await Promise.all(senders.map((sender) => sender.stop()));
    await server.stop();
    removeDataDir(dataDir);
  }
}
