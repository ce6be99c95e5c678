import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { namedPlugin } from '../named-plugin.js';
import { replyError } from './reply-error.js';

/** Paths that belong to the server: an unknown one there is a JSON 404, never the web page. */
const API_PREFIXES = ['/trpc', '/api/', '/uploads/', '/healthz'];

export interface WebClientOptions {
  /** the folder of the built web client (its index.html and assets) */
  webDist: string;
}

/**
 * The built web client, and the SPA fallback: any other GET is a page of the client, so it
 * gets index.html and the client's router takes over. Registered last, as it owns "not found".
 */
export const webClient = namedPlugin<WebClientOptions>('confab-web-client', async (app, { webDist }) => {
  const hasClient = existsSync(path.join(webDist, 'index.html'));
  if (hasClient) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !API_PREFIXES.some((prefix) => request.url.startsWith(prefix));
    if (isPage && hasClient) return reply.type('text/html').sendFile('index.html');
    if (isPage) return reply.code(503).type('text/plain').send('The web client is not built yet: run `pnpm build`.');
    return replyError(reply, 404, `No route for ${request.method} ${request.url.split('?')[0]}`);
  });
});
