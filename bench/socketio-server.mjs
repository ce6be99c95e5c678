// The second baseline: the stack chat apps of this kind typically run, written fresh in its usual
// design. Express serves HTTP, Socket.IO the socket; the JWT is checked in the handshake
// middleware and the user looked up; each socket joins its rooms; `message:send` checks
// membership, inserts the message into SQLite (WAL, synchronous=NORMAL, one statement = one
// transaction), broadcasts it to the room and acknowledges it. No event log, no resume.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { Server } from 'socket.io';
import { Database, jwt } from './lib/deps.mjs';
import { serveCommands } from './lib/ipc.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'confab-bench-socketio-'));
process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
const db = new Database(path.join(dataDir, 'chat.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`
  CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE rooms (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE members (room_id TEXT NOT NULL REFERENCES rooms(id), user_id TEXT NOT NULL REFERENCES users(id), PRIMARY KEY (room_id, user_id));
  CREATE INDEX members_by_user ON members (user_id);
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, room_id TEXT NOT NULL, author_id TEXT NOT NULL, body TEXT NOT NULL,
    client_id TEXT NOT NULL, created_at INTEGER NOT NULL, UNIQUE (author_id, client_id));
  CREATE INDEX messages_by_room ON messages (room_id, id);
`);
const findUser = db.prepare('SELECT id, name FROM users WHERE id = ?');
const roomsOf = db.prepare('SELECT room_id AS roomId FROM members WHERE user_id = ?');
const isMember = db.prepare('SELECT 1 FROM members WHERE room_id = ? AND user_id = ?');
const insertMessage = db.prepare(
  'INSERT INTO messages (room_id, author_id, body, client_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id, created_at AS createdAt',
);
const findByClientId = db.prepare('SELECT id, created_at AS createdAt FROM messages WHERE author_id = ? AND client_id = ?');

let jwtSecret = randomBytes(32).toString('base64url');

const app = express();
app.use(express.json({ limit: '64kb' }));
app.get('/healthz', (_req, res) => res.json({ ok: true }));
const http = createServer(app);
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });

io.use((socket, next) => {
  try {
    const claims = jwt.verify(String(socket.handshake.auth?.token ?? ''), jwtSecret, { algorithms: ['HS256'] });
    const user = findUser.get(claims.sub);
    if (!user) return next(new Error('UNAUTHORIZED'));
    socket.data.user = user;
    next();
  } catch {
    next(new Error('UNAUTHORIZED'));
  }
});

io.on('connection', (socket) => {
  const { user } = socket.data;
  // The bench's sender sockets only send (`receive: false`), as Confab's hold no sync.onEvent.
  if (socket.handshake.auth?.receive !== false) for (const { roomId } of roomsOf.all(user.id)) socket.join(roomId);
  socket.on('message:send', (input, ack) => {
    if (typeof ack !== 'function') return;
    const { roomId, body, clientId } = input ?? {};
    if (typeof roomId !== 'string' || typeof body !== 'string' || typeof clientId !== 'string' || body.length === 0 || body.length > 4_000) {
      return ack({ error: 'BAD_REQUEST' });
    }
    if (!isMember.get(roomId, user.id)) return ack({ error: 'NOT_FOUND' });
    const existing = findByClientId.get(user.id, clientId);
    if (existing) return ack({ ok: true, id: existing.id });
    const row = insertMessage.get(roomId, user.id, body, clientId, Date.now());
    const message = {
      id: row.id,
      roomId,
      author: { id: user.id, name: user.name },
      body,
      clientId,
      createdAt: new Date(row.createdAt).toISOString(),
    };
    io.to(roomId).emit('message:new', message);
    ack({ ok: true, id: row.id });
  });
});

serveCommands({
  /** users [{id, name}], rooms [{id, memberIds}], the secret their tokens are signed with */
  setup({ secret, users, rooms }) {
    jwtSecret = secret;
    const addUser = db.prepare('INSERT INTO users (id, name) VALUES (?, ?)');
    const addRoom = db.prepare('INSERT INTO rooms (id, name) VALUES (?, ?)');
    const addMember = db.prepare('INSERT INTO members (room_id, user_id) VALUES (?, ?)');
    db.transaction(() => {
      for (const user of users) addUser.run(user.id, user.name);
      for (const room of rooms) {
        addRoom.run(room.id, room.id);
        for (const userId of room.memberIds) addMember.run(room.id, userId);
      }
    })();
    return { ok: true };
  },
  listen: () => new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve({ port: http.address().port }))),
  /** acknowledged messages that are in the database, for the persistence check */
  stored({ clientIds }) {
    const has = db.prepare('SELECT 1 FROM messages WHERE client_id = ?');
    return { stored: clientIds.filter((id) => has.get(id)).length };
  },
});
