// Issue 14: full-text search on a million messages. Seeds rooms with text drawn from a Zipf-like
// vocabulary (so common words match many messages and rare ones few), through the message
// table's triggers as the server writes them; then measures over HTTP `search.messages` for a
// two-word query, a prefix while typing, and the same with filters (from:, in:, before:), and
// reports the size the FTS index adds and how long the migration's rebuild takes on that data.
import { Agent } from 'node:http';
import { startConfab } from '../lib/confab-server.mjs';
import { jwtSecret, openDb, preparedDataDir, removeDataDir, seedUsers } from '../lib/seed.mjs';
import { httpGetJson, timeSamples } from '../lib/sampling.mjs';

const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'van', 'su', 'rel', 'dor', 'pen', 'ix', 'ba', 'qu', 'ne', 'tor', 'al', 'ges'];
const REAL = ['deploy', 'release', 'meeting', 'tuesday', 'decision', 'budget', 'customer', 'server', 'database', 'design', 'review', 'invoice'];

/** a deterministic vocabulary: a few real words, then made-up ones, most frequent first */
function vocabulary(size) {
  const words = [...REAL];
  for (let i = 0; words.length < size; i++) {
    let n = i;
    let word = '';
    do {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    if (word.length > 3) words.push(word);
  }
  return words;
}

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export async function runSearch({ messages, rooms = 20, samples, log }) {
  const dataDir = await preparedDataDir('search');
  try {
    return await measure({ dataDir, messages, rooms, samples, log });
  } finally {
    removeDataDir(dataDir);
  }
}

async function measure({ dataDir, messages, rooms, samples, log }) {
  const db = openDb(dataDir);
  const people = await seedUsers(db, 20, 'searcher');
  const roomIds = [];
  const insertRoom = db.prepare("INSERT INTO room (id, kind, name, visibility, created_by) VALUES (?, 'group', ?, 'public', ?)");
  const insertMember = db.prepare('INSERT INTO membership (room_id, user_id) VALUES (?, ?)');
  db.transaction(() => {
    for (let r = 0; r < rooms; r++) {
      const id = `search-room-${r}`;
      insertRoom.run(id, `room${r}`, people[0].id);
      roomIds.push(id);
      // the searcher (person 0) is in a quarter of the rooms; everyone else in all
      people.forEach((person, index) => (index > 0 || r % 4 === 0) && insertMember.run(id, person.id));
    }
  })();
  const words = vocabulary(20_000);
  // Zipf-like: rank k drawn with probability ~ 1/k
  const harmonic = words.reduce((sum, _, k) => sum + 1 / (k + 1), 0);
  const cumulative = [];
  words.reduce((sum, _, k) => (cumulative.push((sum + 1 / (k + 1)) / harmonic), sum + 1 / (k + 1)), 0);
  const pick = (r) => {
    const x = r();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
  const r = random(42);
  const insert = db.prepare('INSERT INTO message (room_id, author_id, body, client_id, created_at) VALUES (?, ?, ?, ?, ?)');
  const firstTime = Date.parse('2026-01-01T00:00:00Z');
  const seedStartedAt = performance.now();
  for (let offset = 0; offset < messages; offset += 50_000) {
    db.transaction(() => {
      for (let i = offset; i < Math.min(messages, offset + 50_000); i++) {
        const length = 6 + Math.floor(r() * 14);
        const body = Array.from({ length }, () => pick(r)).join(' ');
        insert.run(roomIds[i % rooms], people[i % people.length].id, body, `s${i}`, firstTime + i * 20_000);
      }
    })();
  }
  const seedS = Math.round((performance.now() - seedStartedAt) / 100) / 10;
  const pageSize = db.prepare('PRAGMA page_size').get().page_size;
  const sizeOf = (filter) => db.prepare(`SELECT coalesce(sum(pgsize), 0) AS bytes FROM dbstat WHERE ${filter}`).get().bytes;
  const indexBytes = sizeOf("name LIKE 'message_fts%'");
  const messageBytes = sizeOf("name = 'message' OR name LIKE 'message_%idx' OR name LIKE 'sqlite_autoindex_message%'");
  const rebuildStartedAt = performance.now();
  db.exec("INSERT INTO message_fts (message_fts) VALUES ('rebuild')");
  const rebuildS = Math.round((performance.now() - rebuildStartedAt) / 100) / 10;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const index = { indexMb: Math.round(indexBytes / 2 ** 20), messageTableMb: Math.round(messageBytes / 2 ** 20), pageSize, rebuildS };
  log(
    `  seeded ${messages} messages in ${rooms} rooms in ${seedS} s; FTS index ${index.indexMb} MB (message table ${index.messageTableMb} MB); rebuild ${rebuildS} s`,
  );

  const server = await startConfab({ dataDir, jwtSecret });
  try {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const token = people[0].token;
    const query = (q) => httpGetJson(`${server.url}/trpc/search.messages?input=${encodeURIComponent(JSON.stringify({ query: q }))}`, token, agent);
    const mid = (k) => words[50 + ((k * 7919) % 2000)];
    const kinds = {
      twoWords: (k) => `${mid(k)} ${mid(k + 1)}`,
      commonTwoWords: (k) => `${words[k % 10]} ${words[(k + 3) % 10]}`,
      prefix: (k) => mid(k).slice(0, 4),
      withFilters: (k) => `${mid(k)} ${mid(k + 1)} from:@searcher in:#room${4 * (k % 5)} before:2026-06-01`,
      filtersOnly: (k) => `from:@searcher in:#room${4 * (k % 5)}`,
    };
    for (let i = 0; i < 20; i++) await query(kinds.twoWords(i));
    const results = {};
    for (const [name, make] of Object.entries(kinds)) {
      let hits = 0;
      const times = await timeSamples(samples, async (i) => {
        hits += (await query(make(i))).result.data.hits.length;
      });
      results[name] = { ...times, meanHits: Math.round((hits / samples) * 10) / 10, example: make(1) };
      log(`  ${name} (${make(1)}): p50 ${results[name].p50} p99 ${results[name].p99} ms, ${results[name].meanHits} hits a page`);
    }
    agent.destroy();
    return {
      messages,
      rooms,
      seedS,
      index,
      overHttp: results,
      targets: { twoWordP99Ms: 50, withFiltersP99Ms: 100 },
      met: { twoWords: results.twoWords.p99 < 50, withFilters: results.withFilters.p99 < 100 },
    };
  } finally {
    await server.stop();
  }
}
