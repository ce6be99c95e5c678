// Scenario 4 + 6: a room with a million messages (bulk-seeded), first and deep history pages
// in-process and over HTTP, and cold start on that database.
import { spawnSync } from 'node:child_process';
import { Agent } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startConfab } from '../lib/confab-server.mjs';
import { repoRoot } from '../lib/deps.mjs';
import { jwtSecret, openDb, preparedDataDir, removeDataDir, seedMessages, seedRoom, seedUsers } from '../lib/seed.mjs';
import { httpGetJson, timeSamples } from '../lib/sampling.mjs';
import { summarize } from '../lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function runHistory({ messages, samples, coldStarts, log, cpuProfileDir }) {
  const dataDir = await preparedDataDir('history');
  try {
    return await measure({ dataDir, messages, samples, coldStarts, log, cpuProfileDir });
  } finally {
    removeDataDir(dataDir);
  }
}

/** cold start on `dataDir` as it is: ms from spawn until /healthz answered, `runs` times */
async function coldStartsOn(dataDir, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const server = await startConfab({ dataDir, jwtSecret });
    times.push(Math.round(server.healthyAfterMs));
    await server.stop();
  }
  return times;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure({ dataDir, messages, samples, coldStarts, log, cpuProfileDir }) {
  // The same start on the still-empty database, to tell start-up cost from database-size cost.
  const emptyStarts = await coldStartsOn(dataDir, coldStarts);
  const db = openDb(dataDir);
  const authors = await seedUsers(db, 10, 'historian');
  const roomId = seedRoom(
    db,
    'archive',
    authors.map((author) => author.id),
  );
  const seedStartedAt = performance.now();
  const { rowsPerSecond, lastId } = seedMessages(db, roomId, authors, messages);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const seedS = Math.round((performance.now() - seedStartedAt) / 100) / 10;
  log(`  seeded ${messages} messages (+ their events) in ${seedS} s (${rowsPerSecond} messages/s)`);

  const inProcess = measureInProcess({ dataDir, token: authors[0].token, roomId, lastId, samples });
  log(
    `  in-process: first page p50 ${inProcess.first.p50} p99 ${inProcess.first.p99} ms; deep page p50 ${inProcess.deep.p50} p99 ${inProcess.deep.p99} ms`,
  );

  const starts = [];
  let server;
  for (let i = 0; i < coldStarts; i++) {
    await server?.stop();
    server = await startConfab({ dataDir, jwtSecret, cpuProfileDir: i === coldStarts - 1 && cpuProfileDir ? `${cpuProfileDir}/history` : undefined });
    starts.push(Math.round(server.healthyAfterMs));
  }
  const coldStart = { messages, runsMs: starts, medianMs: median(starts), emptyDbRunsMs: emptyStarts, emptyDbMedianMs: median(emptyStarts) };
  log(`  cold start with ${messages} messages: ${starts.join(', ')} ms until /healthz answered (empty database: ${emptyStarts.join(', ')} ms)`);

  try {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const page = (cursor) =>
      httpGetJson(
        `${server.url}/trpc/message.history?input=${encodeURIComponent(JSON.stringify({ roomId, cursor, limit: 50 }))}`,
        authors[0].token,
        agent,
      );
    for (let i = 0; i < 50; i++) await page(undefined);
    let pageSize = 0;
    const first = await timeSamples(samples, async () => {
      pageSize = (await page(undefined)).result.data.messages.length;
    });
    const deep = await timeSamples(samples, (i) => page(1 + Math.floor(((i * 7919) % samples) * (lastId / 10 / samples)) + 50));
    agent.destroy();
    const overHttp = { first, deep, pageSize };
    log(
      `  over HTTP: first page p50 ${overHttp.first.p50} p99 ${overHttp.first.p99} ms; deep page p50 ${overHttp.deep.p50} p99 ${overHttp.deep.p99} ms`,
    );
    return { messages, seedS, seedRowsPerSecond: rowsPerSecond, pageSize: 50, inProcess, overHttp, coldStart };
  } finally {
    await server.stop();
  }
}

function measureInProcess({ dataDir, token, roomId, lastId, samples }) {
  // tsx is a devDependency of @confab/server (its dev script), so it is there whenever the server builds.
  const tsx = path.join(repoRoot, 'apps/server/node_modules/.bin/tsx');
  const args = JSON.stringify({ dbPath: path.join(dataDir, 'confab.db'), jwtSecret, token, roomId, lastId, samples });
  const run = spawnSync(tsx, [path.join(here, '../history-inprocess.ts'), args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`in-process history failed: ${run.stderr || run.stdout}`);
  const { first, deep } = JSON.parse(run.stdout.trim().split('\n').pop());
  return { first: summarize(first.samples), deep: summarize(deep.samples), pageSize: first.pageSize };
}
