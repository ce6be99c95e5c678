// The bench is not a workspace package: it borrows the server's own dependencies (same versions
// the server runs with) instead of adding a package to the workspace.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const requireFromServer = createRequire(new URL('../../apps/server/package.json', import.meta.url));

export const WebSocket = requireFromServer('ws');
export const WebSocketServer = WebSocket.WebSocketServer;
export const Database = requireFromServer('better-sqlite3');
export const jwt = requireFromServer('jsonwebtoken');
export const argon2 = requireFromServer('argon2');
