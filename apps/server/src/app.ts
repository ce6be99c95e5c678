import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { createApi, defaultLimits, type ApiConfig, type PushQueueOptions } from '@confab/api';
import { createDb } from '@confab/db';
import { SESSION_COOKIE } from './auth/session-cookie.js';
import type { Config } from './config.js';
import { errorHandler } from './http/error-handler.js';
import { health } from './http/health.js';
import { securityHeaders } from './http/security-headers.js';
import { webClient } from './http/web-client.js';
import { webhookRoutes } from './http/webhooks.js';
import { clientAddress } from './http/client-address.js';
import { connectionLimits } from './http/connection-limits.js';
import { fastifyTrustProxy } from './http/trust-proxy.js';
import { loggerOptions } from './observability/logger.js';
import { metrics } from './observability/metrics.js';
import { dataDirCare } from './backup/plugin.js';
import { trpc } from './trpc/index.js';
import { uploadRoutes } from './uploads/index.js';
import { teamApiConfig } from './team/api-config.js';
import { pushApiConfig } from './push/api-config.js';
import { webSocket } from './websocket/index.js';

export interface BuildOptions {
  /** overrides for the API's rate limits (tests tighten or loosen them) */
  limits?: Partial<ApiConfig['limits']>;
  /** chat timings and replay limit (tests shorten them) */
  chat?: Pick<ApiConfig, 'presenceGraceMs' | 'typingTtlMs' | 'syncReplayLimit'>;
  /** WebSocket keepalive: a PING every `pingMs`, and a socket silent for `pongWaitMs` after it is dropped */
  keepAlive?: { pingMs: number; pongWaitMs: number };
  /** where log lines go instead of stdout (tests read them) */
  logStream?: NodeJS.WritableStream;
  /** Web Push retry timings (tests shorten them) */
  pushQueue?: PushQueueOptions;
}

/** Builds the whole server (API, WebSocket, uploads, web client) without listening. */
export async function buildApp(config: Config, options: BuildOptions = {}) {
  const db = createDb(config.dbPath, { migrationsFolder: config.migrationsFolder });
  const api = createApi(db, {
    jwtSecret: config.jwtSecret,
    sessionTtlSeconds: config.sessionTtlSeconds,
    eventRetentionMs: config.eventRetentionMs,
    limits: { ...defaultLimits, uploadsPerUser: { max: config.limits.uploadsPerMinute, windowMs: 60_000 }, ...options.limits },
    ...options.chat,
    ...teamApiConfig(config, () => app.log),
    push: { ...pushApiConfig(config, () => app.log), queue: options.pushQueue },
  });

  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    trustProxy: fastifyTrustProxy(config.trustProxy),
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
    // Idle and half-sent connections are closed (408): a connection that never sends a whole
    // header, a request not received whole in time, a keep-alive connection left idle.
    requestTimeout: config.limits.requestTimeoutMs,
    keepAliveTimeout: config.limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.round(config.limits.headersTimeoutMs / 4))),
    },
  });
  app.decorate('confab', { api, db, config });

  // Order matters: the WebSocket server before any route, hooks and the error handler before
  // the routes they cover, the web client last because it owns "not found".
  await app.register(connectionLimits, { maxConnectionsPerAddress: config.limits.maxConnectionsPerAddress });
  await app.register(cookie);
  await app.register(webSocket, { allowedOrigins: config.allowedOrigins, limits: config.limits.socket });
  await app.register(clientAddress);
  await app.register(metrics);
  await app.register(securityHeaders);
  await app.register(errorHandler);
  await app.register(trpc, {
    keepAlive: options.keepAlive ?? { pingMs: 30_000, pongWaitMs: 10_000 },
    maxBatchSize: config.limits.trpcMaxBatch,
    bodyTimeoutMs: config.limits.trpcBodyTimeoutMs,
    maxResponseBytes: config.limits.trpcMaxResponseBytes,
  });
  await app.register(health);
  await app.register(uploadRoutes, { sessionCookie: SESSION_COOKIE });
  await app.register(webhookRoutes);
  await app.register(dataDirCare);
  await app.register(webClient, { webDist: config.webDist });

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
