import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { AppRouter } from '@confab/api';
import { namedPlugin } from '../named-plugin.js';
import { serialiseOnceEncoder } from '../websocket/encoder.js';
import { contextFactory } from './context.js';
import { retryAfterHeader } from './retry-after.js';
import { trpcRequestGuard } from './request-guard.js';
import { trpcResponseCap } from './response-cap.js';

export interface TrpcOptions {
  /** a PING every `pingMs`, and a socket silent for `pongWaitMs` after it is dropped */
  keepAlive: { pingMs: number; pongWaitMs: number };
  /** the most procedure calls one batched HTTP request may hold */
  maxBatchSize: number;
  /** a JSON body not received whole by then closes the connection (408) */
  bodyTimeoutMs: number;
  /** the most bytes one HTTP answer may hold (PAYLOAD_TOO_LARGE past it) */
  maxResponseBytes: number;
}

/** The API at /trpc, over HTTP and over the WebSocket (tRPC's ws protocol). */
export const trpc = namedPlugin<TrpcOptions>(
  'confab-trpc',
  async (app, { keepAlive, maxBatchSize, bodyTimeoutMs, maxResponseBytes }) => {
    app.addHook('onRequest', trpcRequestGuard(app.confab.api.router, { maxBatchSize, bodyTimeoutMs }));
    app.addHook('onSend', trpcResponseCap(maxResponseBytes));
    await app.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      useWSS: true,
      trpcOptions: {
        // Read from trpcOptions by the WS handler (a keepAlive beside them is ignored): keeps idle
        // chats alive through proxies that cut quiet sockets, and drops peers that vanished.
        keepAlive: { enabled: true, ...keepAlive },
        // A live event fans out to every subscriber in the same JSON text, serialised once.
        experimental_encoder: serialiseOnceEncoder,
        router: app.confab.api.router,
        maxBatchSize,
        createContext: contextFactory(app),
        responseMeta: ({ errors }) => retryAfterHeader(errors),
        onError({ path, error }) {
          if (error.code === 'INTERNAL_SERVER_ERROR' || error.code === 'SERVICE_UNAVAILABLE')
            app.log.error({ path, err: error }, 'tRPC procedure failed');
        },
      } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
    });
  },
  { dependencies: ['confab-websocket'], decorators: ['confab', 'parseCookie'] },
);
