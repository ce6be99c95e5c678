// History pages measured in-process: the real router and services over the seeded database,
// called through a tRPC caller (auth middleware and membership check included), no network.
// Run by scenarios/history.mjs with tsx: tsx bench/history-inprocess.ts <json args>
import { createApi, defaultLimits } from '../packages/api/src/index.js';
import { createDb } from '../packages/db/src/index.js';

interface Args {
  dbPath: string;
  jwtSecret: string;
  token: string;
  roomId: string;
  lastId: number;
  samples: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const db = createDb(args.dbPath);
const api = createApi(db, { jwtSecret: args.jwtSecret, sessionTtlSeconds: 86_400, limits: defaultLimits });
const ctx = api.createContext({ token: args.token, ip: '127.0.0.1', connection: null, setSessionCookie: () => {} });
const caller = api.router.createCaller(ctx);

async function time(samples: number, cursorFor: (i: number) => number | undefined): Promise<{ samples: number[]; pageSize: number }> {
  const timings: number[] = [];
  let pageSize = 0;
  for (let i = 0; i < samples; i++) {
    const startedAt = performance.now();
    const page = await caller.message.history({ roomId: args.roomId, cursor: cursorFor(i), limit: 50 });
    timings.push(performance.now() - startedAt);
    pageSize = page.messages.length;
  }
  return { samples: timings, pageSize };
}

// Warm-up: JIT and statement preparation.
await time(50, () => undefined);
const first = await time(args.samples, () => undefined);
// Deep pages: cursors spread over the oldest tenth of the room.
const deep = await time(args.samples, (i) => 1 + Math.floor(((i * 7919) % args.samples) * (args.lastId / 10 / args.samples)) + 50);
process.stdout.write(`${JSON.stringify({ first, deep })}\n`);
api.close();
db.$client.close();
process.exit(0);
