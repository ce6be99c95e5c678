// Seeds users, sessions, rooms and messages straight into SQLite, with the schema the server's
// own migration created. Registration is rate-limited per IP and argon2 costs ~50 ms a hash, so
// 10,000 users through auth.register would take minutes; instead one real argon2 hash is reused
// and each session is a `session` row plus a JWT {sub, sid} signed (HS256) with the JWT_SECRET
// the bench gives the server: exactly what auth.register({ issueToken: true }) would produce.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { argon2, Database, jwt } from './deps.mjs';
import { startConfab } from './confab-server.mjs';

export const jwtSecret = randomBytes(32).toString('base64url');
const newId = () => randomBytes(16).toString('base64url');
const DAY_MS = 24 * 60 * 60 * 1000;

let passwordHash;

let template;

/**
 * A fresh data dir whose database the real server has migrated: the first call starts the built
 * server once on a template dir and stops it; later calls copy the template's database file.
 */
export async function preparedDataDir(label) {
  if (!template) {
    template = mkdtempSync(path.join(tmpdir(), 'confab-bench-template-'));
    const server = await startConfab({ dataDir: template, jwtSecret });
    await server.stop();
    process.once('exit', () => rmSync(template, { recursive: true, force: true }));
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `confab-bench-${label}-`));
  copyFileSync(path.join(template, 'confab.db'), path.join(dataDir, 'confab.db'));
  return dataDir;
}

/** Removes a data dir the bench created (a million-message database is ~800 MB). */
export function removeDataDir(dataDir) {
  if (process.env.BENCH_KEEP_DATA) return;
  rmSync(dataDir, { recursive: true, force: true });
}

export function openDb(dataDir) {
  const db = new Database(path.join(dataDir, 'confab.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

/** `count` users, each with a live session and its bearer token. */
export async function seedUsers(db, count, prefix) {
  passwordHash ??= await argon2.hash('bench password 123', { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const insertUser = db.prepare('INSERT INTO user (id, email, name, password_hash) VALUES (?, ?, ?, ?)');
  const insertSession = db.prepare('INSERT INTO session (id, user_id, expires_at) VALUES (?, ?, ?)');
  const expiresAt = Date.now() + DAY_MS;
  const seeded = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = newId();
      const sessionId = newId();
      insertUser.run(id, `${prefix}${i}@bench.invalid`, `${prefix} ${i}`, passwordHash);
      insertSession.run(sessionId, id, expiresAt);
      seeded.push({
        id,
        name: `${prefix} ${i}`,
        token: jwt.sign({ sub: id, sid: sessionId }, jwtSecret, { algorithm: 'HS256', expiresIn: 24 * 60 * 60 }),
      });
    }
  })();
  return seeded;
}

/** `count` users for a server of the bench's own (the Socket.IO baseline): ids, names and HS256 tokens {sub}. */
export function tokenUsers(count, prefix) {
  return Array.from({ length: count }, (_, i) => {
    const id = newId();
    return { id, name: `${prefix} ${i}`, token: jwt.sign({ sub: id }, jwtSecret, { algorithm: 'HS256', expiresIn: 24 * 60 * 60 }) };
  });
}

/** A public group room with these members (the first is its owner). */
export function seedRoom(db, name, memberIds) {
  const roomId = newId();
  db.prepare("INSERT INTO room (id, kind, name, visibility, created_by) VALUES (?, 'group', ?, 'public', ?)").run(roomId, name, memberIds[0]);
  const insertMember = db.prepare('INSERT INTO membership (room_id, user_id, role) VALUES (?, ?, ?)');
  db.transaction(() => {
    memberIds.forEach((userId, index) => insertMember.run(roomId, userId, index === 0 ? 'owner' : 'member'));
  })();
  return roomId;
}

/**
 * `count` messages (and their `message.created` events, as the server would have logged them)
 * in one room of a fresh database, in batches of one transaction each. Returns rows per second.
 */
export function seedMessages(db, roomId, authors, count) {
  const firstId = (db.prepare('SELECT max(id) AS id FROM message').get().id ?? 0) + 1;
  const insertMessage = db.prepare('INSERT INTO message (id, room_id, author_id, body, client_id, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertEvent = db.prepare("INSERT INTO event (room_id, type, payload, created_at) VALUES (?, 'message.created', ?, ?)");
  const authorJson = authors.map((author) => JSON.stringify({ id: author.id, name: author.name, avatarUrl: null }));
  const roomJson = JSON.stringify(roomId);
  const startedAt = performance.now();
  const firstTime = Date.now() - count * 1000;
  const batch = 100_000;
  for (let offset = 0; offset < count; offset += batch) {
    db.transaction(() => {
      for (let i = offset; i < Math.min(count, offset + batch); i++) {
        const id = firstId + i;
        const author = i % authors.length;
        const body = `Seeded message number ${i}: the quick brown fox jumps over the lazy dog.`;
        const createdAt = firstTime + i * 1000;
        const clientId = `seed-${i}`;
        insertMessage.run(id, roomId, authors[author].id, body, clientId, createdAt);
        const iso = new Date(createdAt).toISOString();
        // Built as text: JSON.stringify of a fresh object per row doubles the seeding time.
        const payload = `{"type":"message.created","roomId":${roomJson},"message":{"id":${id},"roomId":${roomJson},"author":${authorJson[author]},"body":"${body}","clientId":"${clientId}","createdAt":"${iso}","editedAt":null,"deletedAt":null,"reactions":[],"attachments":[]}}`;
        insertEvent.run(roomId, payload, createdAt);
      }
    })();
  }
  const lastId = firstId + count - 1;
  db.prepare('UPDATE room SET last_message_id = ? WHERE id = ?').run(lastId, roomId);
  return { rowsPerSecond: Math.round(count / ((performance.now() - startedAt) / 1000)), lastId };
}
