import { existsSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import { fastifyTRPCPlugin, type CreateFastifyContextOptions, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { createApi, defaultLimits, type ApiConfig, type AppRouter, type Connection } from '@confab/api';
import { createDb } from '@confab/db';
import type { Config } from './config.js';
import { securityHeaders } from './security-headers.js';
import { batchWritesThisTurn } from './write-batching.js';
import { uploadRoutes } from './uploads/index.js';

export const SESSION_COOKIE = 'confab_session';

export interface BuildOptions {
  /** overrides for the API's rate limits (tests tighten or loosen them) */
  limits?: Partial<ApiConfig['limits']>;
  /** chat timings and replay limit (tests shorten them) */
  chat?: Pick<ApiConfig, 'presenceGraceMs' | 'typingTtlMs' | 'syncReplayLimit'>;
  /** WebSocket keepalive: a PING every `pingMs`, and a socket silent for `pongWaitMs` after it is dropped */
  keepAlive?: { pingMs: number; pongWaitMs: number };
}

/** Builds the whole server (API, WebSocket, uploads, web client) without listening. */
export async function buildApp(config: Config, options: BuildOptions = {}) {
  const db = createDb(config.dbPath, { migrationsFolder: config.migrationsFolder });
  const api = createApi(db, {
    jwtSecret: config.jwtSecret,
    sessionTtlSeconds: config.sessionTtlSeconds,
    eventRetentionMs: config.eventRetentionMs,
    limits: { ...defaultLimits, ...options.limits },
    ...options.chat,
  });

  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
  });

  app.decorate('confab', { api, db, config });

  await app.register(cookie);
  // Registered before any route; a small maxPayload stops a client from sending huge frames.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.addHook('onRequest', refuseForeignWebSocketOrigins(config.allowedOrigins));
  app.addHook('onSend', securityHeaders);

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: 'Internal Server Error', message: 'Something went wrong on the server.' });
    }
    if (status === 413 && request.url.startsWith('/trpc')) {
      // Shaped as a tRPC error, so clients see `data.code === 'PAYLOAD_TOO_LARGE'` rather than an unreadable response.
      const trpcError = { message: 'Request is too large (at most 1 MB).', code: -32013, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } };
      return reply.code(413).send({ error: trpcError });
    }
    return reply.code(status).send({ error: error.code ?? 'Bad Request', message: error.message });
  });

  const setCookie = (reply: FastifyReply) => (session: { token: string; expiresAt: Date } | null) => {
    if (session) {
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        path: '/',
        expires: session.expiresAt,
      });
    } else {
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure });
    }
  };

  const createContext = ({ req, res, info }: CreateFastifyContextOptions) => {
    const socket = isWebSocket(res) ? res : null;
    const headers = req.headers;
    const bearer = headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const paramToken = info.connectionParams?.token;
    const cookieToken = app.parseCookie(headers.cookie ?? '')[SESSION_COOKIE];
    return api.createContext({
      token: paramToken || bearer || cookieToken || null,
      ip: socket ? ((req as unknown as IncomingMessage).socket.remoteAddress ?? 'unknown') : req.ip,
      connection: socket ? guardSocket(socket, (req as unknown as IncomingMessage).socket, config.wsMaxBufferedBytes, app.log) : null,
      setSessionCookie: socket ? () => {} : setCookie(res),
    });
  };

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    useWSS: true,
    trpcOptions: {
      // Read from trpcOptions by the WS handler (a keepAlive beside them is ignored): keeps idle
      // chats alive through proxies that cut quiet sockets, and drops peers that vanished.
      keepAlive: { enabled: true, ...(options.keepAlive ?? { pingMs: 30_000, pongWaitMs: 10_000 }) },
      router: api.router,
      createContext,
      onError({ path, error }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ path, err: error }, 'tRPC procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  app.get('/healthz', async () => ({ ok: true }));
  await app.register(uploadRoutes, { sessionCookie: SESSION_COOKIE });

  await serveWebClient(app, config.webDist);

  app.addHook('onClose', async () => {
    api.close();
    db.$client.close();
  });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

declare module 'fastify' {
  interface FastifyInstance {
    confab: { api: ReturnType<typeof createApi>; db: ReturnType<typeof createDb>; config: Config };
  }
}

function isWebSocket(value: unknown): value is WebSocket {
  return typeof value === 'object' && value !== null && 'bufferedAmount' in value && 'terminate' in value;
}

/**
 * tRPC's adapter sends without backpressure, so a reader that stops reading would grow our
 * memory forever. Past the cap the socket is dropped; its client resumes from its last event.
 */
function guardSocket(socket: WebSocket, transport: Duplex, maxBuffered: number, log: { warn: (obj: object, msg: string) => void }): Connection {
  const send = socket.send.bind(socket) as (data: unknown, cb?: (err?: Error) => void) => void;
  (socket as unknown as { send: typeof send }).send = (data, cb) => {
    if (socket.bufferedAmount > maxBuffered) {
      log.warn({ bufferedAmount: socket.bufferedAmount }, 'dropping a slow WebSocket consumer');
      socket.terminate();
      return;
    }
    batchWritesThisTurn(transport);
    send(data, cb);
  };
  return {
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    close: (code, reason) => socket.close(code, reason),
    terminate: () => socket.terminate(),
    onClose: (listener) => void socket.once('close', listener),
  };
}

/**
 * Browsers attach cookies to cross-site WebSocket handshakes and there is no CORS preflight,
 * so a cookie-bearing upgrade must come from one of our own origins.
 */
function refuseForeignWebSocketOrigins(allowed: Set<string>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.ws) return;
    const origin = request.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) return reply.code(403).send({ error: 'Forbidden', message: 'WebSocket origin not allowed.' });
    if (origin === undefined && request.headers.cookie?.includes(`${SESSION_COOKIE}=`)) {
      return reply.code(403).send({ error: 'Forbidden', message: 'A cookie-authenticated WebSocket needs an Origin header.' });
    }
  };
}

const API_PREFIXES = ['/trpc', '/api/', '/uploads/', '/healthz'];

async function serveWebClient(app: FastifyInstance, webDist: string) {
  const indexHtml = path.join(webDist, 'index.html');
  const hasClient = existsSync(indexHtml);
  if (hasClient) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !API_PREFIXES.some((prefix) => request.url.startsWith(prefix));
    if (isPage && hasClient) return reply.type('text/html').sendFile('index.html');
    if (isPage) return reply.code(503).type('text/plain').send('The web client is not built yet: run `pnpm build`.');
    return reply.code(404).send({ error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
  });
}
