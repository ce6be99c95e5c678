import { afterAll, beforeAll } from 'vitest';
import type { ConfabClient } from '@confab/sdk';
import { startServer, type TestServer } from '../../../apps/server/test/harness.js';
import { startFaultyProxy, type FaultyProxy } from './faulty-proxy.js';

/**
 * One real server per test file, with a faulty proxy in front of it (to cut and reopen the
 * connection); the clients handed to `closeAfter` are closed, then the proxy and the server.
 */
export function proxiedServer() {
  let server: TestServer | undefined;
  let proxy: FaultyProxy | undefined;
  const closers: ConfabClient[] = [];
  beforeAll(async () => {
    server = await startServer();
    proxy = await startFaultyProxy(server);
  });
  afterAll(async () => {
    await Promise.all(closers.map((client) => client.close()));
    await proxy?.close();
    await server?.close();
  });
  return {
    get server(): TestServer {
      if (!server) throw new Error('the server starts in beforeAll: use it inside a test');
      return server;
    },
    get proxy(): FaultyProxy {
      if (!proxy) throw new Error('the proxy starts in beforeAll: use it inside a test');
      return proxy;
    },
    closeAfter<Client extends ConfabClient>(client: Client): Client {
      closers.push(client);
      return client;
    },
  };
}
