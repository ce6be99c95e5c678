import type { PushConfig } from './services/push/index.js';
interface RateLimit {
  max: number;
  windowMs: number;
}

/** Who may create an account without an invite: nobody, people at the listed domains, or anyone. */
export type SignupMode = 'invite' | 'domain' | 'open';

/** An e-mail the host sends (SMTP_URL); without one, password resets go through an admin. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** What the admin page shows about the machine, measured by the host (which knows the paths). */
export interface ServerFacts {
  version: string;
  databaseBytes: number;
  uploadsBytes: number;
  /** free space on DATA_DIR's disk, or null when the host cannot tell */
  freeDiskBytes: number | null;
}

/** Everything the API needs from the host; apps/server reads it from the environment. */
export interface ApiConfig {
  jwtSecret: string;
  sessionTtlSeconds: number;
  limits: {
    loginPerIp: RateLimit;
    /** failed sign-ins per account */
    loginPerAccount: RateLimit;
    registerPerIp: RateLimit;
    sendsPerUser: RateLimit;
    /** room.create per user */
    roomCreatesPerUser: RateLimit;
    /** message.edit per user */
    editsPerUser: RateLimit;
    /** message.react per user: each toggle is a permanent event every member replays */
    reactionsPerUser: RateLimit;
    /** typing.set per user (the web client sends one every few seconds while typing) */
    typingPerUser: RateLimit;
    /** user.updateProfile per user: each change reaches everyone who shares a room or a contact */
    profileUpdatesPerUser: RateLimit;
    /** files uploaded per user (UPLOADS_PER_MINUTE) */
    uploadsPerUser: RateLimit;
  };
  /** how long a user with no socket left still shows as online (a reload must not flap); default 5 s */
  presenceGraceMs?: number;
  /** how long "typing" lasts after the last `typing.set`; default 5 s */
  typingTtlMs?: number;
  /** a resuming stream further behind than this many events gets `sync.reset` instead of a replay; default 5,000 */
  syncReplayLimit?: number;
  /** events older than this are pruned from the log (hourly); a client offline longer gets `sync.reset`; default 30 days */
  eventRetentionMs?: number;
  /** where invite and password-reset links point (PUBLIC_ORIGIN); default http://localhost:3000 */
  publicOrigin?: string;
  /** the sign-up mode until an admin picks one (DEFAULT_SIGNUP_MODE); default `invite` */
  defaultSignupMode?: SignupMode;
  /** sends an e-mail (SMTP_URL); absent: "Forgot password?" says to ask an admin */
  sendMail?: (mail: OutgoingMail) => Promise<void>;
  /** the admin page's server facts; absent: only what the database knows */
  serverFacts?: () => Promise<ServerFacts>;
  /** Web Push (issue 15): the host's sender (VAPID, encryption); absent: no pushes */
  push?: PushConfig;
}

export const defaultLimits: ApiConfig['limits'] = {
  loginPerIp: { max: 30, windowMs: 60_000 },
  loginPerAccount: { max: 10, windowMs: 15 * 60_000 },
  registerPerIp: { max: 20, windowMs: 60_000 },
  sendsPerUser: { max: 30, windowMs: 10_000 },
  // Generous enough that a fast person never meets them; a script looping on them does.
  roomCreatesPerUser: { max: 20, windowMs: 60_000 },
  editsPerUser: { max: 30, windowMs: 10_000 },
  reactionsPerUser: { max: 60, windowMs: 60_000 },
  typingPerUser: { max: 60, windowMs: 60_000 },
  profileUpdatesPerUser: { max: 20, windowMs: 60_000 },
  uploadsPerUser: { max: 30, windowMs: 60_000 },
};

export const chatDefaults = {
  presenceGraceMs: 5_000,
  typingTtlMs: 5_000,
  syncReplayLimit: 5_000,
  eventRetentionMs: 30 * 24 * 60 * 60 * 1000,
} satisfies Required<Pick<ApiConfig, 'presenceGraceMs' | 'typingTtlMs' | 'syncReplayLimit' | 'eventRetentionMs'>>;
