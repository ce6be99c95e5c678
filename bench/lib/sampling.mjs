// What the read scenarios (history, search) share: one call after another, timed, and a GET
// that answers the parsed JSON of a 200.
import { get } from 'node:http';
import { summarize } from './stats.mjs';

/** Awaits `run(i)` for i = 0 … samples-1, one at a time, and summarises the wall-clock times (ms). */
export async function timeSamples(samples, run) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const startedAt = performance.now();
    await run(i);
    times.push(performance.now() - startedAt);
  }
  return summarize(times);
}

/** GET `url` with a bearer token through `agent`; the parsed body of a 200, or a rejection with the status and text. */
export function httpGetJson(url, token, agent) {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
        resolve(JSON.parse(text));
      });
    }).on('error', reject);
  });
}
