import type { FastifyPluginAsync } from 'fastify';

export interface PluginMeta {
  /** plugins (by name) that must be registered first; Fastify refuses to start otherwise */
  dependencies?: string[];
  /** instance decorators this plugin reads (e.g. `confab`, `parseCookie`) */
  decorators?: string[];
}

/**
 * Names a plugin and lets its hooks, handlers and decorators apply to the instance that
 * registers it, which is what fastify-plugin does, through the same symbols Fastify reads.
 * Written out here so the server needs no extra dependency for three assignments.
 * Fastify checks `dependencies` and `decorators` at registration and names the plugin in errors.
 */
export function namedPlugin<Options extends object = Record<never, never>>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
  meta: PluginMeta = {},
): FastifyPluginAsync<Options> {
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
    [Symbol.for('plugin-meta')]: { name, dependencies: meta.dependencies, decorators: meta.decorators && { fastify: meta.decorators } },
  });
}
