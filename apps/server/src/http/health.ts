import { confabVersion } from '../backup/version.js';
import { namedPlugin } from '../named-plugin.js';
import { replyError } from './reply-error.js';

/**
 * GET /healthz: 200 with the version only while the database answers a query (for load
 * balancers, the container HEALTHCHECK, restart scripts and the tests), 503 otherwise.
 * Probes come every few seconds, so their request lines are not logged at info.
 */
export const health = namedPlugin(
  'confab-health',
  async (app) => {
    const { db, config } = app.confab;
    // At info, a probe's request lines would drown the log; every other level stands as set.
    const logLevel = config.logLevel === 'info' ? 'warn' : config.logLevel;
    app.get('/healthz', { logLevel }, async (request, reply) => {
      try {
        // Reads a table page, so a closed, missing or corrupt database fails here.
        db.$client.prepare('SELECT max(seq) AS seq FROM event').get();
      } catch (error) {
        request.log.error({ err: error }, 'health check: the database does not answer');
        return replyError(reply, 503, 'The database does not answer.', 'Service Unavailable');
      }
      return { ok: true, version: confabVersion() };
    });
  },
  { decorators: ['confab'] },
);
