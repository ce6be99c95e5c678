// Reconnect storm: N clients (in rooms of 20), each following sync.onEvent, hold some live
// events; the server is stopped, more messages land in the database while it is down (as if
// written just before a crash), it restarts on the same port, and every client reconnects at
// once and resumes from its last tracked id while new messages keep arriving. Settled = every
// client holds every event of its rooms since it subscribed, each exactly once, in order.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startConfab } from '../lib/confab-server.mjs';
import { spawnWorker } from '../lib/ipc.mjs';
import { cpuMeter } from '../lib/proc.mjs';
import { jwtSecret, openDb, preparedDataDir, removeDataDir, seedMessages, seedRoom, seedUsers } from '../lib/seed.mjs';
import { sleep } from '../lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOM_SIZE = 20;

export async function runStorm({ clients, processes, whileDownPerRoom, settleTimeoutMs = 30_000, log }) {
  const dataDir = await preparedDataDir('storm');
  const db = openDb(dataDir);
  const users = await seedUsers(db, clients, 'storm');
  const roomOf = [];
  const rooms = [];
  for (let i = 0; i < users.length; i += ROOM_SIZE) {
    const members = users.slice(i, i + ROOM_SIZE);
    const roomId = seedRoom(
      db,
      `storm ${i / ROOM_SIZE}`,
      members.map((user) => user.id),
    );
    rooms.push({ roomId, authors: members });
    for (let j = 0; j < members.length; j++) roomOf.push(roomId);
  }
  const startSeq = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM event').get().seq;
  db.close();

  let server = await startConfab({ dataDir, jwtSecret });
  const port = server.port;
  const workers = Array.from({ length: processes }, (_, i) => spawnWorker(path.join(here, '../workers/receiver.mjs'), `resuming ${i}`));
  const sender = spawnWorker(path.join(here, '../workers/sender.mjs'), 'storm sender');
  const share = (list, i) => list.filter((_, index) => index % processes === i);
  try {
    const opened = await Promise.all(
      workers.map((worker, i) =>
        worker.call('open', { mode: 'resuming', url: server.url, tokens: share(users, i).map((user) => user.token), concurrency: 64 }),
      ),
    );
    const openedCount = opened.reduce((sum, part) => sum + part.opened, 0);
    if (openedCount !== clients)
      throw new Error(`storm: only ${openedCount} of ${clients} clients subscribed (${opened.find((p) => p.firstError)?.firstError})`);
    await sender.call('open', { mode: 'http', url: server.url, tokens: users.map((user) => user.token), connections: 20 });

    // 1) live: one message from every client, into its own room.
    const before = await sender.call('run', { tag: 'stormlive', roomIds: roomOf, rate: Math.min(1_000, clients), durationMs: 1_000 });
    // 2) the server stops (its sockets close); messages land while it is down; it restarts.
    await waitForCount(workers, users, roomOf, dataDir, startSeq, 10_000);
    await server.stop();
    const down = openDb(dataDir);
    for (const room of rooms) seedMessages(down, room.roomId, room.authors, whileDownPerRoom);
    down.close();
    const restartedAt = performance.now();
    server = await startConfab({ dataDir, jwtSecret, port });
    const meter = cpuMeter(server.pid);
    // 3) while every client reconnects and resumes, each sends one more message.
    const during = sender.call('run', { tag: 'stormresume', roomIds: roomOf, rate: Math.min(1_000, clients), durationMs: 1_000 });
    const duringSent = await during;
    const settled = await waitForCount(workers, users, roomOf, dataDir, startSeq, settleTimeoutMs);
    const settleMs = Math.round(performance.now() - restartedAt);
    const use = meter.read();
    meter.stop();
    const result = {
      clients,
      rooms: rooms.length,
      whileDownPerRoom,
      sentLive: before.acked,
      sentDuringResume: duringSent.acked,
      sendErrors: { ...before.errors, ...duringSent.errors },
      restartHealthyMs: Math.round(server.healthyAfterMs),
      settled: settled.complete,
      settleMs: settled.complete ? settleMs : null,
      clientsComplete: settled.completeClients,
      missingEvents: settled.missing,
      duplicates: settled.duplicates,
      outOfOrder: settled.outOfOrder,
      reconnects: settled.reconnects,
      serverCpuMs: Math.round(use.cpuMs),
      serverPeakRssMb: use.peakRssMb,
    };
    result.exactlyOnceInOrder = result.settled && result.duplicates === 0 && result.outOfOrder === 0;
    log(
      `  ${clients} clients resumed after a restart: ${result.settled ? `settled in ${settleMs} ms` : `NOT settled within ${settleTimeoutMs / 1000} s`} (restart to /healthz ${result.restartHealthyMs} ms), ${settled.completeClients}/${clients} complete, missing ${settled.missing}, duplicates ${settled.duplicates}, out of order ${settled.outOfOrder}, ${settled.reconnects} reconnects, server CPU ${result.serverCpuMs} ms`,
    );
    return result;
  } finally {
    await Promise.all(workers.map((worker) => worker.call('close').catch(() => {})));
    await sender.call('close').catch(() => {});
    await Promise.all([...workers, sender].map((worker) => worker.stop()));
    await server.stop();
    removeDataDir(dataDir);
  }
}

/**
 * What each client should hold: every event of its room (and its personal stream) after
 * `startSeq`, as count and sum of seqs; polls the workers until all match or `timeoutMs` passes.
 */
async function waitForCount(workers, users, roomOf, dataDir, startSeq, timeoutMs) {
  const db = openDb(dataDir);
  const expectedOf = db.prepare('SELECT count(*) AS count, coalesce(sum(seq), 0) AS seqSum FROM event WHERE seq > ? AND room_id IN (?, ?)');
  const expected = users.map((user, i) => expectedOf.get(startSeq, roomOf[i], `user:${user.id}`));
  db.close();
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const parts = await Promise.all(workers.map((worker) => worker.call('streams')));
    const streams = [];
    // worker i holds users i, i + n, i + 2n, ...
    parts.forEach((part, i) => part.streams.forEach((stream, j) => (streams[i + j * workers.length] = stream)));
    let completeClients = 0;
    let missing = 0;
    for (let i = 0; i < users.length; i++) {
      const got = streams[i];
      if (got && got.count === expected[i].count && got.seqSum === expected[i].seqSum) completeClients++;
      else missing += Math.max(0, expected[i].count - (got?.count ?? 0));
    }
    const duplicates = streams.reduce((sum, stream) => sum + (stream?.duplicates ?? 0), 0);
    const outOfOrder = streams.reduce((sum, stream) => sum + (stream?.outOfOrder ?? 0), 0);
    const reconnects = parts.reduce((sum, part) => sum + part.reconnects, 0);
    const complete = completeClients === users.length;
    if (complete || performance.now() > deadline) return { complete, completeClients, missing, duplicates, outOfOrder, reconnects };
    await sleep(100);
  }
}
