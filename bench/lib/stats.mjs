/** p-th percentile (0..100) of a sorted array, nearest-rank; NaN when empty. */
function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** median/p95/p99/max of a list of millisecond samples, rounded to 0.01 ms */
export function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  const round = (value) => (Number.isFinite(value) ? Math.round(value * 100) / 100 : null);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : Number.NaN),
  };
}

/** milliseconds on the monotonic clock (CLOCK_MONOTONIC on Linux: the same in every process on the machine) */
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
