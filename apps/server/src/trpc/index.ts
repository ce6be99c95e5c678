import { fastifyTRPCPlugin, type CreateFastifyContextOptions, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { TRPCError } from '@trpc/server';
import type { AppRouter } from '@confab/api';
import { namedPlugin } from '../named-plugin.js';
import { trpcWebSocket } from '../websocket/trpc-route.js';
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
    const createContext = contextFactory(app);
    const onError = ({ path, error }: { path: string | undefined; error: TRPCError }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR' || error.code === 'SERVICE_UNAVAILABLE')
        app.log.error({ path, err: error }, 'tRPC procedure failed');
    };
    await app.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router: app.confab.api.router,
        maxBatchSize,
        createContext,
        responseMeta: ({ errors }) => retryAfterHeader(errors),
        onError,
      } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
    });
    // The WebSocket speaks the same protocol through Confab's handler (websocket/trpc-socket.ts).
    // Like tRPC's adapter it hands createContext the raw request and the socket where the types
    // say request and reply; contextFactory reads them that way.
    await app.register(trpcWebSocket, {
      router: app.confab.api.router,
      // keeps idle chats alive through proxies that cut quiet sockets, and drops peers that vanished
      keepAlive,
      createContext: (socket, req, info) => createContext({ req, res: socket, info } as unknown as CreateFastifyContextOptions),
      onError,
    });
  },
  { dependencies: ['confab-websocket'], decorators: ['confab', 'parseCookie'] },
);
