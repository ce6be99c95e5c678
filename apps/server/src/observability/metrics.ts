import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { namedPlugin } from '../named-plugin.js';

/**
 * Prometheus metrics: off unless METRICS=true (GET /metrics on the main port) or METRICS_PORT
 * (a listener of its own on METRICS_HOST). Values that live elsewhere (sockets, subscriptions,
 * sequence numbers, file sizes) are read when scraped, so the hot paths pay nothing for them.
 */
export const metrics = namedPlugin(
  'confab-metrics',
  async (app) => {
    const settings = app.confab.config.metrics;
    if (!settings.onMainPort && settings.port === null) return;
    const registry = buildRegistry(app);
    const requestDuration = new Histogram({
      name: 'confab_http_request_duration_seconds',
      help: 'HTTP request latency, by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      requestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    const scrape = async () => ({ body: await registry.metrics(), contentType: registry.contentType });
    if (settings.onMainPort) {
      const logLevel = app.confab.config.logLevel === 'info' ? 'warn' : app.confab.config.logLevel;
      app.get('/metrics', { logLevel }, async (_request, reply) => {
        const { body, contentType } = await scrape();
        return reply.type(contentType).send(body);
      });
    }
    if (settings.port !== null) {
      const server = metricsServer(scrape);
      const { port, host } = settings;
      app.addHook(
        'onReady',
        () =>
          new Promise<void>((resolve, reject) => {
            server.once('error', (error) => reject(new Error(`METRICS_PORT ${port} on ${host} cannot be used: ${error.message}`)));
            server.listen(port, host, () => resolve());
          }),
      );
      app.addHook('onClose', () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())));
    }
  },
  { dependencies: ['confab-websocket'], decorators: ['confab', 'websocketServer'] },
);

function buildRegistry(app: FastifyInstance): Registry {
  const { api, db, config } = app.confab;
  const registry = new Registry();
  const registers = [registry];
  // Process metrics, event-loop lag (nodejs_eventloop_lag_seconds and its percentiles) included.
  collectDefaultMetrics({ register: registry });
  const lastSequence = db.$client.prepare<[string], { seq: number }>('SELECT seq FROM sqlite_sequence WHERE name = ?');
  const sequenceOf = (table: string) => lastSequence.get(table)?.seq ?? 0;

  new Gauge({
    name: 'confab_websocket_connections',
    help: 'open WebSocket connections',
    registers,
    collect() {
      this.set(app.websocketServer.clients.size);
    },
  });
  new Gauge({
    name: 'confab_live_subscriptions',
    help: 'live event streams (sync.onEvent) being served',
    registers,
    collect() {
      this.set(api.services.bus.subscriberCount());
    },
  });
  new Counter({
    name: 'confab_messages_sent_total',
    help: 'messages ever sent on this server (the last message id)',
    registers,
    collect() {
      this.reset();
      this.inc(sequenceOf('message'));
    },
  });
  new Gauge({
    name: 'confab_event_log_seq',
    help: 'sequence number of the newest durable event',
    registers,
    collect() {
      this.set(sequenceOf('event'));
    },
  });
  new Gauge({
    name: 'confab_database_bytes',
    help: 'size of confab.db and its write-ahead log on disk',
    registers,
    collect() {
      this.set(fileSize(config.dbPath) + fileSize(`${config.dbPath}-wal`));
    },
  });
  return registry;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function metricsServer(scrape: () => Promise<{ body: string; contentType: string }>): Server {
  return createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here.\n');
      return;
    }
    scrape().then(
      ({ body, contentType }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics could not be collected.\n'),
    );
  });
}
