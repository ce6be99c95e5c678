// The table on stdout and the target verdicts stored in the JSON.

const fmt = (value, unit = '') => (value === null || value === undefined || Number.isNaN(value) ? '-' : `${value}${unit}`);

/** One verdict per target of issue 6; `met` is null when the scenario did not run at full size. */
export function targetsOf(results) {
  const full = results.mode === 'full';
  const targets = [];
  const add = (name, target, measured, met) => targets.push({ name, target, measured, met: met === null ? null : Boolean(met) });
  const fanout = results.fanout;
  if (fanout && !fanout.error) {
    const socketio = fanout.socketio;
    if (socketio) {
      add(
        'fan-out vs Express + Socket.IO',
        '>= 1.0x Socket.IO',
        `${fmt(fanout.ratioToSocketIo, 'x')} (${fanout.confab.maxRate} vs ${socketio.maxRate} msg/s${fanout.socketioSaturated ? '' : ', Socket.IO not saturated'})`,
        full && fanout.ratioToSocketIo !== null ? fanout.ratioToSocketIo >= 1 : null,
      );
    }
    add(
      'fan-out vs raw ws',
      '>= 0.5x baseline',
      `${fmt(fanout.ratio, 'x')} (${fanout.confab.maxRate} vs ${fanout.baseline.maxRate} msg/s${fanout.baselineSaturated ? '' : ', baseline not saturated'}${fanout.baseline.maxRate === 0 ? ', baseline passed no rate' : ''})`,
      full && fanout.ratio !== null ? fanout.ratio >= 0.5 : null,
    );
    const at200 = fanout.confab.steps.find((step) => step.rate === 200);
    add(
      'fan-out 200 msg/s x 100 members',
      'p99 <= 10 ms, zero loss',
      at200
        ? `p99 ${fmt(at200.latencyMs.p99, ' ms')}, lost ${at200.lost}, duplicates ${at200.duplicates}, out of order ${at200.outOfOrder}`
        : 'not reached',
      full && fanout.members === 100
        ? Boolean(at200) && at200.latencyMs.p99 <= 10 && at200.lost === 0 && at200.duplicates === 0 && at200.outOfOrder === 0
        : null,
    );
    if (socketio) {
      add(
        'server CPU per delivery',
        '<= 1.5x Socket.IO',
        `Confab ${fmt(fanout.confab.cpuUsPerDelivery, ' µs')}, Socket.IO ${fmt(socketio.cpuUsPerDelivery, ' µs')}, raw ws ${fmt(fanout.baseline.cpuUsPerDelivery, ' µs')} (${fmt(fanout.cpuPerDeliveryRatioToSocketIo, 'x')})`,
        full && fanout.cpuPerDeliveryRatioToSocketIo !== null ? fanout.cpuPerDeliveryRatioToSocketIo <= 1.5 : null,
      );
    }
  }
  const audience = results.audience;
  if (audience && !audience.error) {
    const r = audience.ratio;
    add(
      `event cost, ${audience.among.sockets} vs ${audience.alone.sockets} sockets`,
      'same within noise (<= 1.2x)',
      `message ${fmt(r.message, 'x')}, typing ${fmt(r.typing, 'x')}, presence ${fmt(r.presence, 'x')}`,
      full ? [r.message, r.typing, r.presence].every((value) => value !== null && value <= 1.2) : null,
    );
  }
  const storm = results.storm;
  if (storm && !storm.error) {
    add(
      `reconnect storm, ${storm.clients} clients`,
      'settled < 10 s, exactly once',
      `${storm.settled ? `${storm.settleMs} ms` : 'NOT settled'}, ${storm.clientsComplete}/${storm.clients} complete, duplicates ${storm.duplicates}, out of order ${storm.outOfOrder}`,
      full ? storm.exactlyOnceInOrder && storm.settleMs < 10_000 : null,
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
    add(
      `history page in-process, ${history.messages} msgs`,
      'p99 < 5 ms',
      `first ${history.inProcess.first.p99} ms, deep ${history.inProcess.deep.p99} ms`,
      full ? worst < 5 : null,
    );
    add(
      `cold start, ${history.messages} msgs`,
      '< 1000 ms',
      `${history.coldStart.medianMs} ms (median of ${history.coldStart.runsMs.length})`,
      full ? history.coldStart.medianMs < 1000 : null,
    );
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
  out.push(
    `\n## Confab bench (${results.mode}) — ${results.date.slice(0, 16).replace('T', ' ')} UTC, ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}`,
  );
  out.push(
    `The load generator shares these ${results.machine.cpus} cores with the server (receivers in ${results.fanout?.receiverProcesses ?? '-'} worker processes).`,
  );
  const load = results.loadAtStart;
  out.push(
    `Machine load at start: ${load.loadavg.join(' ')} (CPU pressure ${load.cpuPressurePct ?? '-'}%). CPU pressure is the share of time some runnable task waited for a CPU (Linux PSI); the bench's own load adds to it, but well above ~30% other work is competing and latencies are noisy. CPU ms per message is the steadier figure.\n`,
  );
  out.push(
    table(
      ['target', 'goal', 'measured', 'met'],
      results.targets.map((t) => [
        t.name,
        t.target,
        t.measured,
        t.met === null ? (results.mode === 'quick' ? 'n/a (quick)' : 'n/a') : t.met ? 'yes' : 'NO',
      ]),
    ),
  );
  const fanout = results.fanout;
  if (fanout && !fanout.error) {
    out.push(
      `\nFan-out: ${fanout.members} receivers in one room, senders round-robin over ${fanout.senderUsers} users, ${fanout.stepMs / 1000} s per rate`,
    );
    const rows = [];
    for (const target of ['baseline', 'socketio', 'confab']) {
      for (const step of fanout[target]?.steps ?? []) {
        rows.push([
          target,
          step.rate,
          step.deliveriesPerSecond,
          step.latencyMs.p50,
          step.latencyMs.p95,
          step.latencyMs.p99,
          step.lost,
          step.duplicates ?? '-',
          step.outOfOrder,
          `${step.serverCpuPct}%`,
          step.serverCpuMsPerMessage,
          step.serverCpuUsPerDelivery,
          step.serverRssMb,
          `${step.generatorCpuPct}%`,
          `${step.cpuPressurePct ?? '-'}%`,
          step.ok ? 'ok' : 'limit',
        ]);
      }
    }
    out.push(
      table(
        [
          'server',
          'msg/s',
          'deliveries/s',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'lost',
          'twice',
          'reordered',
          'server CPU',
          'CPU ms/msg',
          'CPU µs/delivery',
          'RSS MB',
          'generator CPU',
          'CPU pressure',
          '',
        ],
        rows,
      ),
    );
  }
  const a = results.audience;
  if (a && !a.error) {
    out.push(
      `\nAudience: server CPU µs per event in one ${a.roomSize}-member room, alone on the server vs among ${a.among.sockets} signed-in sockets in rooms of ${a.roomSize} (each on sync + typing + presence)`,
    );
    const row = (label, key, delivered, expected) => [
      label,
      a.alone[key],
      a.among[key],
      fmt(a.ratio[label === 'message' ? 'message' : label === 'typing change' ? 'typing' : 'presence'], 'x'),
      `${a.alone[delivered]}/${a.alone[expected]}, ${a.among[delivered]}/${a.among[expected]}`,
    ];
    out.push(
      table(
        ['event', `${a.alone.sockets} sockets`, `${a.among.sockets} sockets`, 'ratio', 'delivered'],
        [
          row('message', 'cpuUsPerMessage', 'messageDeliveries', 'messageDeliveriesExpected'),
          row('typing change', 'cpuUsPerTyping', 'typingDeliveries', 'typingDeliveriesExpected'),
          row('presence (sign-in)', 'cpuUsPerArrival', 'presenceDeliveries', 'presenceDeliveriesExpected'),
        ],
      ),
    );
  }
  const st = results.storm;
  if (st && !st.error)
    out.push(
      `\nReconnect storm: ${st.clients} clients in ${st.rooms} rooms; server restarted with ${st.whileDownPerRoom} messages per room written while it was down, ${st.sentDuringResume} sent during the resume; ${st.settled ? `settled in ${st.settleMs} ms` : 'NOT settled'} after the restart (/healthz after ${st.restartHealthyMs} ms); ${st.clientsComplete}/${st.clients} clients hold every event, duplicates ${st.duplicates}, out of order ${st.outOfOrder}, ${st.reconnects} reconnects, server CPU ${st.serverCpuMs} ms`,
    );
  for (const p of [results.persistence, results.persistenceWs]) {
    if (p && !p.error)
      out.push(
        `\nPersistence: ${p.offeredRate} msg/s offered over ${p.connections} ${p.transport === 'ws' ? 'WebSockets (tRPC mutations)' : 'HTTP connections'} from ${p.users} users, ${p.ackedPerSecond} msg/s acknowledged; ack p50 ${p.ackMs.p50} / p95 ${p.ackMs.p95} / p99 ${p.ackMs.p99} ms; ${p.storedMessages} of ${p.acked} acked messages stored; server CPU ${p.serverCpuPct}% (${p.serverCpuMsPerMessage} ms per message), RSS ${p.serverRssMb} MB; CPU pressure ${p.cpuPressurePct ?? '-'}%`,
      );
  }
  const h = results.history;
  if (h && !h.error) {
    out.push(`\nHistory (${h.messages} messages, seeded at ${h.seedRowsPerSecond} msg/s, pages of 50):`);
    out.push(
      table(
        ['page', 'in-process p50', 'in-process p99', 'HTTP p50', 'HTTP p99'],
        [
          ['first', h.inProcess.first.p50, h.inProcess.first.p99, h.overHttp.first.p50, h.overHttp.first.p99],
          ['deep', h.inProcess.deep.p50, h.inProcess.deep.p99, h.overHttp.deep.p50, h.overHttp.deep.p99],
        ],
      ),
    );
    out.push(
      `Cold start: ${h.coldStart.runsMs.join(', ')} ms until /healthz answered (same server on the empty database: ${h.coldStart.emptyDbRunsMs.join(', ')} ms)`,
    );
  }
  const c = results.connections;
  if (c && !c.error)
    out.push(
      `\nConnections: ${c.connected}/${c.sockets} in ${c.connectAllMs} ms from ${c.sourceAddresses.join(', ')}; server RSS ${c.serverRssBeforeMb} -> ${c.serverRssAfterMb} MB (${c.rssPerConnectionKb} KB per socket); presence ${c.presenceDelivered ? `delivered in ${c.presenceMs} ms` : 'NOT delivered'}; server CPU ${c.serverCpuMsPerConnection} ms per connection`,
    );
  const wp = c?.withPresence;
  if (wp)
    out.push(
      `With presence.onChange on every socket too (as the web client does): ${wp.connected}/${wp.sockets} in ${wp.connectAllMs} ms, server CPU ${wp.serverCpuMsPerConnection} ms per connection, RSS ${wp.serverRssBeforeMb} -> ${wp.serverRssAfterMb} MB`,
    );
  for (const name of ['fanout', 'persistence', 'persistenceWs', 'history', 'connections', 'audience', 'storm'])
    if (results[name]?.error) out.push(`\n${name}: HARNESS ERROR ${results[name].error.split('\n')[0]}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/**
 * Broken delivery guarantees (not performance misses): loss, duplicates or reordering at a rate
 * far below any target, an acknowledged message missing from disk, an audience that did not get
 * every event exactly once, a resume that lost, repeated or reordered events.
 */
export function guaranteeViolations(results) {
  const violations = [];
  for (const target of ['baseline', 'socketio', 'confab']) {
    for (const step of results.fanout?.[target]?.steps ?? []) {
      if (step.rate <= 50 && (step.lost > 0 || step.duplicates > 0 || step.outOfOrder > 0))
        violations.push(`fan-out ${target} at ${step.rate} msg/s: lost ${step.lost}, twice ${step.duplicates}, out of order ${step.outOfOrder}`);
    }
  }
  for (const p of [results.persistence, results.persistenceWs]) {
    if (p && !p.error && !p.allPersisted)
      violations.push(`persistence (${p.transport}): ${p.storedMessages} of ${p.acked} acknowledged messages in the database`);
  }
  const a = results.audience;
  for (const part of a && !a.error ? [a.alone, a.among] : []) {
    if (!part.complete)
      violations.push(
        `audience with ${part.sockets} sockets: messages ${part.messageDeliveries}/${part.messageDeliveriesExpected} (twice ${part.duplicates}, out of order ${part.outOfOrder}), typing ${part.typingDeliveries}/${part.typingDeliveriesExpected}, presence ${part.presenceDeliveries}/${part.presenceDeliveriesExpected}`,
      );
  }
  const st = results.storm;
  if (st && !st.error && !st.exactlyOnceInOrder)
    violations.push(
      `reconnect storm: ${st.clientsComplete}/${st.clients} clients complete, missing ${st.missingEvents}, duplicates ${st.duplicates}, out of order ${st.outOfOrder}`,
    );
  return violations;
}
