import { namedPlugin } from '../named-plugin.js';

/** GET /healthz: up and serving (for load balancers, restart scripts and the tests). */
export const health = namedPlugin('confab-health', async (app) => {
  app.get('/healthz', async () => ({ ok: true }));
});
