import { createServer, Socket, type Server } from 'node:net';

/**
 * A real TCP proxy in front of a test server that can fail on purpose: cut every connection,
 * refuse new ones for a while, or swallow the response to one request after the server handled it.
 */
export interface FaultyProxy {
  url: string;
  /** destroys every open connection and refuses new ones until `reopen()` */
  goDown(): Promise<void>;
  /** accepts connections again on the same port */
  reopen(): Promise<void>;
  /** the next request whose first line matches reaches the server, but its response is dropped and the connection cut */
  dropResponseTo(requestLine: RegExp): void;
  /**
   * the next server-to-client WebSocket data whose text matches is swallowed and its connection
   * cut (server frames are not masked, so their JSON can be read); resolves once that happened
   */
  dropSocketDataMatching(pattern: RegExp): Promise<void>;
  /** how many requests so far had a first line matching `requestLine` */
  requestsMatching(requestLine: RegExp): number;
  close(): Promise<void>;
}

export async function startFaultyProxy(target: { port: number }): Promise<FaultyProxy> {
  const connections = new Set<Socket>();
  const requestLines: string[] = [];
  let dropPattern: RegExp | null = null;
  let socketDrop: { pattern: RegExp; done: () => void } | null = null;

  const handle = (client: Socket) => {
    const upstream = new Socket();
    connections.add(client).add(upstream);
    let swallowing = false;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => connections.delete(client) && upstream.destroy());
    upstream.on('close', () => connections.delete(upstream) && client.destroy());
    client.on('error', cut);
    upstream.on('error', cut);
    client.on('data', (chunk: Buffer) => {
      const firstLine = chunk.toString('latin1', 0, Math.min(chunk.length, 512)).split('\r\n', 1)[0] ?? '';
      if (/^[A-Z]+ \/\S* HTTP\/1\.1$/.test(firstLine)) {
        requestLines.push(firstLine);
        if (dropPattern?.test(firstLine)) {
          dropPattern = null;
          swallowing = true;
        }
      }
      upstream.write(chunk);
    });
    let upgraded = false;
    upstream.on('data', (chunk: Buffer) => {
      if (swallowing) return cut();
      if (!upgraded) upgraded = chunk.toString('latin1', 0, 12) === 'HTTP/1.1 101';
      else if (socketDrop?.pattern.test(chunk.toString('latin1'))) {
        const { done } = socketDrop;
        socketDrop = null;
        cut();
        return done();
      }
      client.write(chunk);
    });
    upstream.connect(target.port, '127.0.0.1');
  };

  let server: Server = createServer(handle);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const port = await listen(0);

  const goDown = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of connections) socket.destroy();
    });
  };

  return {
    url: `http://127.0.0.1:${port}`,
    goDown,
    async reopen() {
      server = createServer(handle);
      await listen(port);
    },
    dropResponseTo(requestLine) {
      dropPattern = requestLine;
    },
    dropSocketDataMatching(pattern) {
      return new Promise<void>((done) => (socketDrop = { pattern, done }));
    },
    requestsMatching: (requestLine) => requestLines.filter((line) => requestLine.test(line)).length,
    async close() {
      if (server.listening) await goDown();
      for (const socket of connections) socket.destroy();
    },
  };
}
