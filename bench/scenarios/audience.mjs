// Does an event cost what its audience costs, or what the server holds? The same 20-member room
// is measured twice: once as the only signed-in sockets on the server, once among `crowd`
// sockets spread over rooms of 20. Every socket holds what the web client holds (sync.onEvent,
// typing.onChange, presence.onChange). Per event: server CPU for a message (sent over HTTP by
// the room's members), a typing change, and a presence change (a member of the room signs in).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startConfab } from '../lib/confab-server.mjs';
import { spawnWorker } from '../lib/ipc.mjs';
import { cpuMeter, cpuPressureMeter } from '../lib/proc.mjs';
import { jwtSecret, openDb, preparedDataDir, removeDataDir, seedRoom, seedUsers } from '../lib/seed.mjs';
import { sleep } from '../lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOM_SIZE = 20;

export async function runAudience({ crowd, processes, messageRate, typingRate, stepMs, arrivals, log }) {
  const alone = await measure({ sockets: ROOM_SIZE, processes, messageRate, typingRate, stepMs, arrivals, log });
  const among = await measure({ sockets: crowd, processes, messageRate, typingRate, stepMs, arrivals, log });
  const ratio = (key) => (alone[key] > 0 ? Math.round((among[key] / alone[key]) * 100) / 100 : null);
  return {
    roomSize: ROOM_SIZE,
    alone,
    among,
    /** CPU per event with `crowd` sockets over CPU per event with 20: 1.0 means the cost follows the audience only */
    ratio: { message: ratio('cpuUsPerMessage'), typing: ratio('cpuUsPerTyping'), presence: ratio('cpuUsPerArrival') },
  };
}

async function measure({ sockets, processes, messageRate, typingRate, stepMs, arrivals, log }) {
  const dataDir = await preparedDataDir('audience');
  const db = openDb(dataDir);
  const users = await seedUsers(db, sockets, 'crowd');
  // The measured room is the first; `arrivals` more members of it sign in one at a time in the presence step.
  const arriving = await seedUsers(db, arrivals, 'arrival');
  const room = users.slice(0, ROOM_SIZE);
  const roomId = seedRoom(
    db,
    'measured',
    [...room, ...arriving].map((user) => user.id),
  );
  for (let i = ROOM_SIZE; i < users.length; i += ROOM_SIZE)
    seedRoom(
      db,
      `team ${i / ROOM_SIZE}`,
      users.slice(i, i + ROOM_SIZE).map((user) => user.id),
    );
  db.close();

  const server = await startConfab({ dataDir, jwtSecret });
  const receivers = Array.from({ length: processes }, (_, i) => spawnWorker(path.join(here, '../workers/receiver.mjs'), `audience ${i}`));
  const arrivalWorker = spawnWorker(path.join(here, '../workers/receiver.mjs'), 'arrivals');
  const sender = spawnWorker(path.join(here, '../workers/sender.mjs'), 'audience sender');
  try {
    // The measured room's members are spread over the processes like everyone else.
    const opened = await Promise.all(
      receivers.map((receiver, i) =>
        receiver.call('open', {
          mode: 'confab',
          url: server.url,
          tokens: users.filter((_, index) => index % processes === i).map((user) => user.token),
          subscribe: ['sync', 'typing', 'presence'],
          concurrency: 64,
        }),
      ),
    );
    const openedCount = opened.reduce((sum, part) => sum + part.opened, 0);
    if (openedCount !== sockets)
      throw new Error(`audience: only ${openedCount} of ${sockets} sockets subscribed (${opened.find((p) => p.firstError)?.firstError})`);
    await sender.call('open', { mode: 'http', url: server.url, tokens: room.map((user) => user.token), connections: 4 });
    await sleep(200);
    const meter = cpuMeter(server.pid);
    const pressure = cpuPressureMeter();
    const counters = async () =>
      (await Promise.all(receivers.map((receiver) => receiver.call('counters')))).reduce(
        (sum, part) => ({ typing: sum.typing + part.typing, presenceOnline: sum.presenceOnline + part.presenceOnline }),
        { typing: 0, presenceOnline: 0 },
      );
    const waitFor = async (done) => {
      const deadline = performance.now() + 10_000;
      while (!(await done()) && performance.now() < deadline) await sleep(20);
    };

    // Typing first, while nobody is typing: a send clears its author's typing (a change of its own).
    const warmUpMs = Math.min(500, stepMs / 2);
    const typingWarm = await sender.call('run', { tag: `aud${sockets}warmt`, roomId, rate: typingRate, durationMs: warmUpMs, kind: 'typing' });
    // The warm-up (JIT, first queries) is not recorded: wait until its changes are all in.
    await waitFor(async () => (await counters()).typing >= typingWarm.acked * (ROOM_SIZE - 1));
    // Typing: each change reaches the room's 19 other members.
    const typingBefore = (await counters()).typing;
    meter.reset();
    pressure.reset();
    const typed = await sender.call('run', { tag: `aud${sockets}typing`, roomId, rate: typingRate, durationMs: stepMs, kind: 'typing' });
    await waitFor(async () => (await counters()).typing - typingBefore >= typed.acked * (ROOM_SIZE - 1));
    const typingUse = meter.read();
    const typingDelivered = (await counters()).typing - typingBefore;

    // Messages: each reaches the room's 20 sockets (after a warm-up, not recorded).
    await sender.call('run', { tag: `aud${sockets}warm`, roomId, rate: messageRate, durationMs: warmUpMs });
    await sleep(200);
    await Promise.all(receivers.map((receiver) => receiver.call('collect', { tag: `aud${sockets}warm` })));
    const tag = `aud${sockets}msg`;
    meter.reset();
    const sent = await sender.call('run', { tag, roomId, rate: messageRate, durationMs: stepMs });
    const peek = async () =>
      (await Promise.all(receivers.map((receiver) => receiver.call('peek', { tag })))).reduce((sum, part) => sum + part.received, 0);
    await waitFor(async () => (await peek()) >= sent.acked * ROOM_SIZE);
    const messageUse = meter.read();
    const collected = await Promise.all(receivers.map((receiver) => receiver.call('collect', { tag })));
    const delivered = collected.reduce((sum, part) => sum + part.counts.reduce((a, b) => a + b, 0), 0);
    const duplicates = collected.reduce((sum, part) => sum + part.duplicates, 0);
    const outOfOrder = collected.reduce((sum, part) => sum + part.outOfOrder, 0);

    // Presence: each arrival (a member of the room signing in) reaches the room's 20 watchers.
    const presenceBefore = (await counters()).presenceOnline;
    meter.reset();
    const arrived = await arrivalWorker.call('open', {
      mode: 'confab',
      url: server.url,
      tokens: arriving.map((user) => user.token),
      subscribe: 'none',
      concurrency: 1,
    });
    await waitFor(async () => (await counters()).presenceOnline - presenceBefore >= arrived.opened * ROOM_SIZE);
    const presenceUse = meter.read();
    const presenceDelivered = (await counters()).presenceOnline - presenceBefore;
    meter.stop();

    const perEvent = (use, events) => Math.round((use.cpuMs * 1000) / Math.max(1, events));
    const result = {
      sockets,
      messagesAcked: sent.acked,
      messageDeliveries: delivered,
      messageDeliveriesExpected: sent.acked * ROOM_SIZE,
      duplicates,
      outOfOrder,
      cpuUsPerMessage: perEvent(messageUse, sent.acked),
      typingSets: typed.acked,
      typingDeliveries: typingDelivered,
      typingDeliveriesExpected: typed.acked * (ROOM_SIZE - 1),
      cpuUsPerTyping: perEvent(typingUse, typed.acked),
      arrivals: arrived.opened,
      presenceDeliveries: presenceDelivered,
      presenceDeliveriesExpected: arrived.opened * ROOM_SIZE,
      cpuUsPerArrival: perEvent(presenceUse, arrived.opened),
      serverRssMb: presenceUse.rssMb,
      cpuPressurePct: pressure.read(),
    };
    result.complete =
      result.messageDeliveries === result.messageDeliveriesExpected &&
      duplicates === 0 &&
      outOfOrder === 0 &&
      result.typingDeliveries === result.typingDeliveriesExpected &&
      result.presenceDeliveries === result.presenceDeliveriesExpected;
    log(
      `  ${String(sockets).padStart(5)} sockets: message ${result.cpuUsPerMessage} µs (${delivered}/${result.messageDeliveriesExpected} delivered), typing ${result.cpuUsPerTyping} µs (${typingDelivered}/${result.typingDeliveriesExpected}), presence ${result.cpuUsPerArrival} µs per arrival (${presenceDelivered}/${result.presenceDeliveriesExpected}) of server CPU; CPU pressure ${result.cpuPressurePct}%`,
    );
    return result;
  } finally {
    await Promise.all([...receivers, arrivalWorker].map((worker) => worker.call('close').catch(() => {})));
    await sender.call('close').catch(() => {});
    await Promise.all([...receivers, arrivalWorker, sender].map((worker) => worker.stop()));
    await server.stop();
    removeDataDir(dataDir);
  }
}
