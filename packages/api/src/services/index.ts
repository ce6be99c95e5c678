import type { Db } from '@confab/db';
import { createSessionStore, type SessionStore } from '../auth/sessions.js';
import type { ApiConfig } from '../config.js';
import { ConnectionRegistry } from '../connections.js';
import { RateLimiter } from '../rate-limit.js';
import { createUploadService, type UploadService } from './uploads.js';

/** The domain's shared parts, built once per app and captured by the routers. */
export interface Services {
  db: Db;
  config: ApiConfig;
  sessions: SessionStore;
  connections: ConnectionRegistry;
  uploads: UploadService;
  limits: {
    loginPerIp: RateLimiter;
    loginPerAccount: RateLimiter;
    registerPerIp: RateLimiter;
    sendsPerUser: RateLimiter;
  };
}

export function createServices(db: Db, config: ApiConfig): Services {
  const limiter = (name: keyof ApiConfig['limits']) => new RateLimiter(config.limits[name].max, config.limits[name].windowMs);
  return {
    db,
    config,
    sessions: createSessionStore(db, config.jwtSecret, config.sessionTtlSeconds),
    connections: new ConnectionRegistry(),
    uploads: createUploadService(db),
    limits: {
      loginPerIp: limiter('loginPerIp'),
      loginPerAccount: limiter('loginPerAccount'),
      registerPerIp: limiter('registerPerIp'),
      sendsPerUser: limiter('sendsPerUser'),
    },
  };
}
