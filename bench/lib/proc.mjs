import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** CPU time (user+system, ms) and resident memory (MB) of a process, read from /proc. */
export function processStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuMs, rssMb: Math.round((rssKb / 1024) * 10) / 10 };
}

/** Samples a process between `start()` and `stop()`: CPU as % of one core, and peak RSS. */
export function cpuMeter(pid) {
  let first = processStats(pid);
  let startedAt = performance.now();
  let peakRssMb = first.rssMb;
  const timer = setInterval(() => {
    try {
      peakRssMb = Math.max(peakRssMb, processStats(pid).rssMb);
    } catch {
      // the process has exited
    }
  }, 250);
  timer.unref();
  return {
    reset() {
      first = processStats(pid);
      startedAt = performance.now();
      peakRssMb = first.rssMb;
    },
    read() {
      const last = processStats(pid);
      const elapsed = performance.now() - startedAt;
      const cpuMs = last.cpuMs - first.cpuMs;
      return { cpuMs, cpuPct: Math.round((cpuMs / elapsed) * 1000) / 10, rssMb: last.rssMb, peakRssMb: Math.max(peakRssMb, last.rssMb) };
    },
    stop() {
      clearInterval(timer);
    },
  };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * How contended the machine is: load average and the share of time runnable tasks waited for a
 * CPU (Linux PSI, /proc/pressure/cpu "some avg10"); high values mean the figures are noisy.
 */
export function machineLoad() {
  let cpuPressurePct = null;
  try {
    cpuPressurePct = Number(/some avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] ?? Number.NaN);
  } catch {
    // no PSI on this kernel
  }
  const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  return { loadavg, cpuPressurePct };
}

function cpuStallMicros() {
  try {
    return Number(/some .*total=(\d+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}

/**
 * Share of wall time (%) during which some runnable task on the machine waited for a CPU,
 * between `reset()` and `read()` (Linux PSI). Near 0: the figures are clean; high: contended.
 */
export function cpuPressureMeter() {
  let startStall = cpuStallMicros();
  let startedAt = performance.now();
  return {
    reset() {
      startStall = cpuStallMicros();
      startedAt = performance.now();
    },
    read() {
      const pct = ((cpuStallMicros() - startStall) / 1000 / (performance.now() - startedAt)) * 100;
      return Number.isFinite(pct) ? Math.round(pct) : null;
    },
  };
}
