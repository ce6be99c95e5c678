import type { FastifyBaseLogger } from 'fastify';
import type { ApiConfig } from '@confab/api';
import type { Config } from '../config.js';
import { webPushTransport } from './transport.js';
import { loadOrCreateVapidKeys } from './vapid.js';

/** The API's Web Push settings: the sender, with its VAPID keys, and where failures are logged. */
export function pushApiConfig(config: Config, log: () => FastifyBaseLogger): NonNullable<ApiConfig['push']> {
  const keys = loadOrCreateVapidKeys(config.dataDir, config.push.vapid);
  return {
    transport: webPushTransport(keys, config.push.subject),
    allowInsecureEndpoints: config.push.allowHttpEndpoints,
    log: (message) => log().warn(message),
  };
}
