import { namedPlugin } from '../named-plugin.js';
import { trpcSocketHandler, type TrpcSocketOptions } from './trpc-socket.js';

/** tRPC's WebSocket endpoint, GET /trpc upgraded, served by Confab's handler (trpc-socket.ts). */
export const trpcWebSocket = namedPlugin<Omit<TrpcSocketOptions<unknown>, 'offerSink'>>(
  'confab-trpc-websocket',
  async (app, options) => {
    const { bus } = app.confab.api.services;
    const handle = trpcSocketHandler({ ...options, offerSink: (signal, sink) => bus.offerSink(signal, sink) });
    app.get('/trpc', { websocket: true }, (socket, request) => handle(socket, request.raw));
  },
  { dependencies: ['confab-websocket'], decorators: ['confab'] },
);
