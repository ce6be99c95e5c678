import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { AppRouter } from '@confab/api';
import { namedPlugin } from '../named-plugin.js';
import { contextFactory } from './context.js';

export interface TrpcOptions {
  /** a PING every `pingMs`, and a socket silent for `pongWaitMs` after it is dropped */
  keepAlive: { pingMs: number; pongWaitMs: number };
}

/** The API at /trpc, over HTTP and over the WebSocket (tRPC's ws protocol). */
export const trpc = namedPlugin<TrpcOptions>(
  'confab-trpc',
  async (app, { keepAlive }) => {
    await app.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      useWSS: true,
      trpcOptions: {
        // Read from trpcOptions by the WS handler (a keepAlive beside them is ignored): keeps idle
        // chats alive through proxies that cut quiet sockets, and drops peers that vanished.
        keepAlive: { enabled: true, ...keepAlive },
        router: app.confab.api.router,
        createContext: contextFactory(app),
        onError({ path, error }) {
          if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ path, err: error }, 'tRPC procedure failed');
        },
      } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
    });
  },
  { dependencies: ['confab-websocket'], decorators: ['confab', 'parseCookie'] },
);
