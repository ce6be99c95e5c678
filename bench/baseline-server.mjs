// The practical limit for fan-out on this machine: a raw `ws` broadcast server with no auth,
// no persistence and no tRPC. Senders connect to /send, receivers to /recv; each message is
// stamped with a sequence number, serialised once and sent to every receiver, then acked.
import { createServer } from 'node:http';
import { WebSocketServer } from './lib/deps.mjs';
import { serveCommands } from './lib/ipc.mjs';

const receivers = new Set();
let seq = 0;

const http = createServer((req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 64 * 1024 });
wss.on('connection', (ws, req) => {
  if (req.url === '/recv') {
    receivers.add(ws);
    ws.on('close', () => receivers.delete(ws));
    return;
  }
  ws.on('message', (raw) => {
    const { ref, body } = JSON.parse(raw.toString());
    const frame = JSON.stringify({ seq: ++seq, body });
    for (const receiver of receivers) receiver.send(frame);
    ws.send(JSON.stringify({ ref }));
  });
});

serveCommands({
  listen: () => new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve({ port: http.address().port }))),
});
