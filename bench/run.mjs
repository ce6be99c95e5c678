#!/usr/bin/env node
// `pnpm bench` (full, under 10 minutes) or `pnpm bench --quick` (under 1 minute, for CI).
// Starts the real built server with fresh data dirs, drives it from separate processes, prints a
// table and writes bench/results/<YYYY-MM-DD>.json (quick runs write <date>-quick.json).
// Exit code: 0 when the harness ran (targets missed or not), 1 when the harness itself broke
// or, in --quick, when a delivery guarantee broke (loss, duplicates or reordering at a rate far
// below any target, an acknowledged message missing from disk, a resume that was not exactly once).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from './lib/confab-server.mjs';
import { machineLoad } from './lib/proc.mjs';
import { guaranteeViolations, printTable, targetsOf } from './lib/report.mjs';
import { runAudience } from './scenarios/audience.mjs';
import { runConnections } from './scenarios/connections.mjs';
import { runFanout } from './scenarios/fanout.mjs';
import { runHistory } from './scenarios/history.mjs';
import { runPersistence } from './scenarios/persistence.mjs';
import { runSearch } from './scenarios/search.mjs';
import { runStorm } from './scenarios/storm.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const profile = args.includes('--profile');
/** `--targets=confab` runs the fan-out ladder against some of baseline, socketio, confab only (a partial run) */
const fanoutTargets = args
  .find((arg) => arg.startsWith('--targets='))
  ?.slice('--targets='.length)
  .split(',');
const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line) => process.stderr.write(`${line}\n`);

const settings = quick
  ? {
      fanout: { members: 20, rates: [20, 50], stepMs: 1_000, receiverProcesses: 2 },
      persistence: { users: 100, rate: 200, durationMs: 1_500, senderProcesses: 2, connectionsPerProcess: 10 },
      history: { messages: 20_000, samples: 100, coldStarts: 1 },
      connections: { sockets: 200, processes: 2, presenceSockets: 100 },
      audience: { crowd: 100, processes: 2, messageRate: 20, typingRate: 50, stepMs: 500, arrivals: 5 },
      storm: { clients: 100, processes: 2, whileDownPerRoom: 10 },
    }
  : {
      fanout: { members: 100, rates: [50, 100, 200, 300, 400, 600, 800, 1200, 1600, 2400, 3200], stepMs: 4_000, receiverProcesses: 2 },
      persistence: { users: 1_000, rate: 2_000, durationMs: 30_000, senderProcesses: 2, connectionsPerProcess: 10 },
      history: { messages: 1_000_000, samples: 1_000, coldStarts: 3 },
      connections: { sockets: 10_000, processes: 4, presenceSockets: 1_000 },
      audience: { crowd: 1_000, processes: 2, messageRate: 40, typingRate: 100, stepMs: 4_000, arrivals: 50 },
      storm: { clients: 1_000, processes: 2, whileDownPerRoom: 20 },
    };

const wanted = (name) => !only || only.includes(name);
const startedAt = Date.now();
const results = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  },
  loadAtStart: machineLoad(),
  note: 'The load generator runs on the same machine as the server and shares its CPU cores; figures are upper bounds on latency and lower bounds on throughput.',
};
let broken = false;

// Every loop in the bench is bounded; this is the backstop if the server stops answering.
const watchdog = setTimeout(
  () => {
    log(`\n!! WATCHDOG: the bench ran over ${quick ? 3 : 25} minutes; stopping (servers and workers are killed on exit)`);
    process.exit(2);
  },
  (quick ? 3 : 25) * 60_000,
);
watchdog.unref();

async function scenario(name, run) {
  if (!wanted(name)) return;
  log(`\n== ${name} ==`);
  const began = Date.now();
  const loadBefore = machineLoad();
  try {
    results[name] = await run();
    results[name].wallS = Math.round((Date.now() - began) / 100) / 10;
    results[name].machineLoad = { before: loadBefore, after: machineLoad() };
  } catch (error) {
    broken = true;
    results[name] = { error: String(error?.stack ?? error) };
    log(`  ${name} FAILED: ${error?.stack ?? error}`);
  }
}

log(`confab bench (${results.mode}) on ${results.machine.cpus} cores: building the server...`);
buildServer();
const cpuProfileDir = profile ? path.join(here, 'results/profiles') : undefined;
await scenario('fanout', () => runFanout({ ...settings.fanout, targets: fanoutTargets, log, cpuProfileDir }));
await scenario('persistence', () => runPersistence({ ...settings.persistence, log, cpuProfileDir }));
await scenario('persistenceWs', () => runPersistence({ ...settings.persistence, transport: 'ws', log, cpuProfileDir }));
await scenario('history', () => runHistory({ ...settings.history, log, cpuProfileDir }));
await scenario('search', () => runSearch({ messages: quick ? 20_000 : 1_000_000, samples: quick ? 50 : 300, log }));
await scenario('connections', () => runConnections({ ...settings.connections, log, cpuProfileDir }));
await scenario('audience', () => runAudience({ ...settings.audience, log }));
await scenario('storm', () => runStorm({ ...settings.storm, log }));

results.totalDurationS = Math.round((Date.now() - startedAt) / 100) / 10;
results.targets = targetsOf(results);
printTable(results);

// A broken delivery guarantee is a bug, not a performance miss: in --quick (CI) it fails the run.
const violations = guaranteeViolations(results);
for (const violation of violations) log(`\n!! DELIVERY GUARANTEE BROKEN: ${violation}`);
if (violations.length) broken = true;

mkdirSync(path.join(here, 'results'), { recursive: true });
const file = path.join(here, 'results', `${results.date.slice(0, 10)}${quick ? '-quick' : ''}${only || fanoutTargets ? '-partial' : ''}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
log(`\nwrote ${path.relative(process.cwd(), file)} in ${results.totalDurationS} s`);
process.exit(broken ? 1 : 0);
