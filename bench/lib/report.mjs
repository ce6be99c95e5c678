// The table on stdout and the target verdicts stored in the JSON.

const fmt = (value, unit = '') => (value === null || value === undefined || Number.isNaN(value) ? '-' : `${value}${unit}`);

/** One verdict per target of issue 6; `met` is null when the scenario did not run at full size. */
export function targetsOf(results) {
  const full = results.mode === 'full';
  const targets = [];
  const add = (name, target, measured, met) => targets.push({ name, target, measured, met: met === null ? null : Boolean(met) });
  const fanout = results.fanout;
  if (fanout && !fanout.error) {
    add('fan-out vs raw ws', '>= 0.5x baseline', `${fmt(fanout.ratio, 'x')} (${fanout.confab.maxRate} vs ${fanout.baseline.maxRate} msg/s${fanout.baselineSaturated ? '' : ', baseline not saturated'}${fanout.baseline.maxRate === 0 ? ', baseline passed no rate' : ''})`, full && fanout.ratio !== null ? fanout.ratio >= 0.5 : null);
    const at200 = fanout.confab.steps.find((step) => step.rate === 200);
    add(
      'fan-out 200 msg/s x 100 members',
      'p99 < 50 ms, zero loss',
      at200 ? `p99 ${fmt(at200.latencyMs.p99, ' ms')}, lost ${at200.lost}, out of order ${at200.outOfOrder}` : 'not reached',
      full && fanout.members === 100 ? Boolean(at200) && at200.latencyMs.p99 < 50 && at200.lost === 0 && at200.outOfOrder === 0 : null,
    );
  }
  const persistence = results.persistence;
  if (persistence && !persistence.error) {
    add(
      `persistence ${persistence.targetRate} msg/s x ${persistence.durationS} s`,
      'ack p99 < 100 ms, all stored',
      `p99 ${fmt(persistence.ackMs.p99, ' ms')}, ${persistence.storedMessages}/${persistence.acked} acked stored, ${persistence.sent - persistence.acked} of ${persistence.sent} not acked`,
      full ? persistence.ackMs.p99 < 100 && persistence.allPersisted && persistence.acked === persistence.sent : null,
    );
  }
  const history = results.history;
  if (history && !history.error) {
    const worst = Math.max(history.inProcess.first.p99, history.inProcess.deep.p99);
    add(`history page in-process, ${history.messages} msgs`, 'p99 < 5 ms', `first ${history.inProcess.first.p99} ms, deep ${history.inProcess.deep.p99} ms`, full ? worst < 5 : null);
    add(`cold start, ${history.messages} msgs`, '< 1000 ms', `${history.coldStart.medianMs} ms (median of ${history.coldStart.runsMs.length})`, full ? history.coldStart.medianMs < 1000 : null);
  }
  const connections = results.connections;
  if (connections && !connections.error) {
    add(
      `${connections.sockets} idle sockets`,
      'RSS < 1 GB, presence delivered',
      `${connections.connected} connected, RSS ${connections.serverRssAfterMb} MB, presence ${connections.presenceDelivered ? `${connections.presenceMs} ms` : 'NOT delivered'}`,
      full ? connections.connected === connections.sockets && connections.serverRssAfterMb < 1024 && connections.presenceDelivered : null,
    );
  }
  return targets;
}

function table(headers, rows) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function printTable(results) {
  const out = [];
  out.push(`\n## Confab bench (${results.mode}) — ${results.date.slice(0, 16).replace('T', ' ')} UTC, ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}`);
  out.push(`The load generator shares these ${results.machine.cpus} cores with the server (receivers in ${results.fanout?.receiverProcesses ?? '-'} worker processes).`);
  const load = results.loadAtStart;
  out.push(`Machine load at start: ${load.loadavg.join(' ')} (CPU pressure ${load.cpuPressurePct ?? '-'}%). CPU pressure is the share of time some runnable task waited for a CPU (Linux PSI); the bench's own load adds to it, but well above ~30% other work is competing and latencies are noisy. CPU ms per message is the steadier figure.\n`);
  out.push(table(['target', 'goal', 'measured', 'met'], results.targets.map((t) => [t.name, t.target, t.measured, t.met === null ? (results.mode === 'quick' ? 'n/a (quick)' : 'n/a') : t.met ? 'yes' : 'NO'])));
  const fanout = results.fanout;
  if (fanout && !fanout.error) {
    out.push(`\nFan-out: ${fanout.members} receivers in one room, senders round-robin over ${fanout.senderUsers} users, ${fanout.stepMs / 1000} s per rate`);
    const rows = [];
    for (const target of ['baseline', 'confab']) {
      for (const step of fanout[target].steps) {
        rows.push([target, step.rate, step.deliveriesPerSecond, step.latencyMs.p50, step.latencyMs.p95, step.latencyMs.p99, step.lost, step.outOfOrder, `${step.serverCpuPct}%`, step.serverCpuMsPerMessage, step.serverRssMb, `${step.generatorCpuPct}%`, `${step.cpuPressurePct ?? '-'}%`, step.ok ? 'ok' : 'limit']);
      }
    }
    out.push(table(['server', 'msg/s', 'deliveries/s', 'p50 ms', 'p95 ms', 'p99 ms', 'lost', 'reordered', 'server CPU', 'CPU ms/msg', 'RSS MB', 'generator CPU', 'CPU pressure', ''], rows));
  }
  const p = results.persistence;
  if (p && !p.error) out.push(`\nPersistence: ${p.offeredRate} msg/s offered over ${p.connections} HTTP connections from ${p.users} users, ${p.ackedPerSecond} msg/s acknowledged; ack p50 ${p.ackMs.p50} / p95 ${p.ackMs.p95} / p99 ${p.ackMs.p99} ms; ${p.storedMessages} of ${p.acked} acked messages stored; server CPU ${p.serverCpuPct}% (${p.serverCpuMsPerMessage} ms per message), RSS ${p.serverRssMb} MB; CPU pressure ${p.cpuPressurePct ?? '-'}%`);
  const h = results.history;
  if (h && !h.error) {
    out.push(`\nHistory (${h.messages} messages, seeded at ${h.seedRowsPerSecond} msg/s, pages of 50):`);
    out.push(table(['page', 'in-process p50', 'in-process p99', 'HTTP p50', 'HTTP p99'], [
      ['first', h.inProcess.first.p50, h.inProcess.first.p99, h.overHttp.first.p50, h.overHttp.first.p99],
      ['deep', h.inProcess.deep.p50, h.inProcess.deep.p99, h.overHttp.deep.p50, h.overHttp.deep.p99],
    ]));
    out.push(`Cold start: ${h.coldStart.runsMs.join(', ')} ms until /healthz answered (same server on the empty database: ${h.coldStart.emptyDbRunsMs.join(', ')} ms)`);
  }
  const c = results.connections;
  if (c && !c.error) out.push(`\nConnections: ${c.connected}/${c.sockets} in ${c.connectAllMs} ms from ${c.sourceAddresses.join(', ')}; server RSS ${c.serverRssBeforeMb} -> ${c.serverRssAfterMb} MB (${c.rssPerConnectionKb} KB per socket); presence ${c.presenceDelivered ? `delivered in ${c.presenceMs} ms` : 'NOT delivered'}; server CPU ${c.serverCpuMsPerConnection} ms per connection`);
  const wp = c?.withPresence;
  if (wp) out.push(`With presence.onChange on every socket too (as the web client does): ${wp.connected}/${wp.sockets} in ${wp.connectAllMs} ms, server CPU ${wp.serverCpuMsPerConnection} ms per connection, RSS ${wp.serverRssBeforeMb} -> ${wp.serverRssAfterMb} MB`);
  for (const name of ['fanout', 'persistence', 'history', 'connections']) if (results[name]?.error) out.push(`\n${name}: HARNESS ERROR ${results[name].error.split('\n')[0]}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
