import type { Db } from '@confab/db';
import { createApiKeyStore, type ApiKeyStore } from '../auth/api-keys.js';
import { createDeviceMarks, type DeviceMarks } from '../auth/devices.js';
import { createSessionStore, type SessionStore } from '../auth/sessions.js';
import { chatDefaults, type ApiConfig, type OutgoingMail, type ServerFacts, type SignupMode } from '../config.js';
import { ConnectionRegistry } from '../connections.js';
import { createMemoryBus, type EventBus } from '../events/bus.js';
import { createGroupCommit, type GroupCommit } from '../events/group-commit.js';
import { watchExternalEvents, writtenElsewhere, type ExternalEvents } from '../events/external.js';
import { createEventLog, type EventLog } from '../events/log.js';
import { RateLimiter } from '../rate-limit.js';
import { PresenceTracker } from './presence.js';
import { TypingTracker } from './typing.js';
import { createUploadService, type UploadService } from './uploads.js';
import { createVisibility, type Visibility } from './visibility.js';
import { membersOf } from './rooms/memberships.js';
import { createPushService, type PushService } from './push/index.js';

/** The domain's shared parts, built once per app and captured by the routers. */
export interface Services {
  db: Db;
  sessions: SessionStore;
  /** "this browser signed in to this account before" (issue 12) */
  devices: DeviceMarks;
  /** bots' and people's API keys (issue 11) */
  apiKeys: ApiKeyStore;
  connections: ConnectionRegistry;
  uploads: UploadService;
  /** committed durable events, to live `sync.onEvent` streams */
  bus: EventBus;
  /** events another process (the CLI) wrote, published on `bus` (see events/external.ts) */
  externalEvents: ExternalEvents;
  /** the sends of one event-loop turn in one transaction (see events/group-commit.ts) */
  groupCommit: GroupCommit;
  eventLog: EventLog;
  presence: PresenceTracker;
  typing: TypingTracker;
  visibility: Visibility;
  /** Web Push subscriptions, visible tabs and the send queue (issue 15) */
  push: PushService;
  syncReplayLimit: number;
  /** what running a team needs from the host (issue 10) */
  team: {
    publicOrigin: string;
    defaultSignupMode: SignupMode;
    sendMail: ((mail: OutgoingMail) => Promise<void>) | undefined;
    serverFacts: (() => Promise<ServerFacts>) | undefined;
  };
  limits: {
    loginPerIp: RateLimiter;
    loginPerAccount: RateLimiter;
    registerPerIp: RateLimiter;
    sendsPerUser: RateLimiter;
    roomCreatesPerUser: RateLimiter;
    editsPerUser: RateLimiter;
    reactionsPerUser: RateLimiter;
    typingPerUser: RateLimiter;
    profileUpdatesPerUser: RateLimiter;
    /** contact.add per user: looking people up by address one by one is slow on purpose */
    contactAddsPerUser: RateLimiter;
    /** "Forgot password?" per address, and per account */
    resetRequests: RateLimiter;
    /** invite codes and reset tokens tried per address */
    linkChecksPerIp: RateLimiter;
    /** posts per incoming webhook (issue 11) */
    webhookPosts: RateLimiter;
  };
}

export function createServices(db: Db, config: ApiConfig): Services {
  const limiter = (name: keyof ApiConfig['limits']) => new RateLimiter(config.limits[name].max, config.limits[name].windowMs);
  const connections = new ConnectionRegistry();
  const visibility = createVisibility(db);
  const eventLog = createEventLog(db);
  const bus = createMemoryBus((roomId) => eventLog.participantsOfDirect(roomId), writtenElsewhere(db));
  const externalEvents = watchExternalEvents(db, bus);
  return {
    db,
    sessions: createSessionStore(db, config.jwtSecret, config.sessionTtlSeconds),
    devices: createDeviceMarks(config.jwtSecret),
    apiKeys: createApiKeyStore(db),
    connections,
    uploads: createUploadService(db, config.limits.uploadsPerUser),
    bus,
    externalEvents,
    groupCommit: createGroupCommit(db, bus),
    eventLog,
    presence: new PresenceTracker(db, connections, config.presenceGraceMs ?? chatDefaults.presenceGraceMs, (userId) => visibility.visibleTo(userId)),
    typing: new TypingTracker(config.typingTtlMs ?? chatDefaults.typingTtlMs, (roomId) => membersOf(db, roomId)),
    visibility,
    push: createPushService(db, config.push),
    syncReplayLimit: config.syncReplayLimit ?? chatDefaults.syncReplayLimit,
    team: {
      publicOrigin: (config.publicOrigin ?? 'http://localhost:3000').replace(/\/$/, ''),
      defaultSignupMode: config.defaultSignupMode ?? 'invite',
      sendMail: config.sendMail,
      serverFacts: config.serverFacts,
    },
    limits: {
      loginPerIp: limiter('loginPerIp'),
      loginPerAccount: limiter('loginPerAccount'),
      registerPerIp: limiter('registerPerIp'),
      sendsPerUser: limiter('sendsPerUser'),
      roomCreatesPerUser: limiter('roomCreatesPerUser'),
      editsPerUser: limiter('editsPerUser'),
      reactionsPerUser: limiter('reactionsPerUser'),
      typingPerUser: limiter('typingPerUser'),
      profileUpdatesPerUser: limiter('profileUpdatesPerUser'),
      contactAddsPerUser: new RateLimiter(30, 60 * 60_000),
      resetRequests: new RateLimiter(5, 60 * 60_000),
      linkChecksPerIp: new RateLimiter(60, 60_000),
      webhookPosts: new RateLimiter(60, 60_000),
    },
  };
}
