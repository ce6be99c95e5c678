import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy.js';
import type { SocketLimitOptions } from './websocket/limits.js';
import type { UploadGuardOptions } from './uploads/upload-guard.js';
import { dataDirProblem } from './data-dir.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'use true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const port = z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0).max(65535, 'must be a port from 0 to 65535');
const trustProxy = z.string().transform((value, ctx): TrustProxy => {
  const parsed = parseTrustProxy(value);
  if (typeof parsed !== 'string') return parsed;
  ctx.addIssue({ code: 'custom', message: parsed });
  return z.NEVER;
});
const seconds = z.coerce.number({ message: 'must be a number of seconds' }).positive('must be above 0');
const positiveInt = z.coerce.number({ message: 'must be a number' }).int('must be a whole number').positive('must be above 0');

/** Every setting Confab reads from the environment, with its default. The README's table mirrors this. */
const envSchema = z.object({
  PORT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(65535, 'must be a port from 0 to 65535').default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
  PUBLIC_ORIGIN: z.url({ message: 'must be a URL like https://chat.example.com' }).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  COOKIE_SECURE: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_DAYS: positiveInt.default(30),
  EVENT_RETENTION_DAYS: positiveInt.default(30),
  UPLOAD_MAX_BYTES: positiveInt.default(10 * 1024 * 1024),
  UPLOAD_QUOTA_BYTES: positiveInt.default(1024 * 1024 * 1024),
  UPLOAD_MAX_PIXELS: positiveInt.default(50_000_000),
  UPLOAD_PREVIEW_PX: positiveInt.max(4096, 'must be at most 4096').default(640),
  WS_MAX_BUFFERED_BYTES: positiveInt.default(4 * 1024 * 1024),
  WEB_DIST: z.string().min(1).default(path.join(repoRoot, 'apps/web/dist')),
  DEV_ORIGINS: z.string().default(''),
  TRUST_PROXY: trustProxy.optional(),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json'], { message: 'use pretty, json or auto' }).default('auto'),
  METRICS: bool.default(false),
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_INTERVAL_HOURS: z.coerce.number({ message: 'must be a number of hours' }).positive('must be above 0').optional(),
  BACKUP_KEEP: positiveInt.default(7),
  TRPC_MAX_BATCH: positiveInt.max(1000, 'must be at most 1000').default(20),
  TRPC_MAX_RESPONSE_BYTES: positiveInt.default(8 * 1024 * 1024),
  DEFAULT_SIGNUP_MODE: z.enum(['invite', 'domain', 'open'], { message: 'use invite, domain or open' }).default('invite'),
  SMTP_URL: z.url({ message: 'must be a URL like smtps://user:password@smtp.example.com' }).optional(),
  SMTP_FROM: z.string().min(3).optional(),
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, 'must be a P-256 public key in base64url (87 characters)')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a P-256 private key in base64url (43 characters)')
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https:// URL')
    .optional(),
  PUSH_ALLOW_HTTP_ENDPOINTS: bool.default(false),
  WS_MAX_MESSAGES_PER_FRAME: positiveInt.default(20),
  WS_MAX_MESSAGES_PER_SECOND: positiveInt.default(50),
  WS_MAX_SUBSCRIPTIONS: positiveInt.default(32),
  WS_AUTH_TIMEOUT_SECONDS: seconds.default(10),
  WS_MAX_UNAUTHENTICATED_PER_ADDRESS: positiveInt.default(16),
  WS_MAX_CONNECTIONS_PER_USER: positiveInt.default(32),
  HEADERS_TIMEOUT_SECONDS: seconds.default(15),
  REQUEST_TIMEOUT_SECONDS: seconds.default(120),
  TRPC_BODY_TIMEOUT_SECONDS: seconds.default(30),
  KEEP_ALIVE_TIMEOUT_SECONDS: seconds.default(72),
  MAX_CONNECTIONS_PER_ADDRESS: positiveInt.default(128),
  UPLOADS_PER_MINUTE: positiveInt.default(30),
  UPLOAD_MAX_CONCURRENT: positiveInt.default(4),
  UPLOAD_MIN_KB_PER_SECOND: z.coerce.number({ message: 'must be a number of KB per second' }).positive('must be above 0').default(4),
  UPLOAD_SLOW_WINDOW_SECONDS: seconds.default(20),
});

type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbPath: string;
  uploadsDir: string;
  migrationsFolder: string;
  webDist: string;
  /** origins allowed to open a cookie-authenticated WebSocket */
  allowedOrigins: Set<string>;
  publicOrigin: string;
  jwtSecret: string;
  /** Web Push: VAPID keys from the environment (else generated into DATA_DIR/vapid.json), the contact push services see */
  push: { vapid: { publicKey: string; privateKey: string } | null; subject: string; allowHttpEndpoints: boolean };
  cookieSecure: boolean;
  logLevel: Env['LOG_LEVEL'];
  sessionTtlSeconds: number;
  /** how long the event log keeps events for clients that resume */
  eventRetentionMs: number;
  uploadMaxBytes: number;
  uploadQuotaBytes: number;
  /** images with more pixels than this (width × height, all frames of an animation together) are refused before decoding */
  uploadMaxPixels: number;
  /** the longest side of an image preview */
  uploadPreviewPx: number;
  wsMaxBufferedBytes: number;
  /** whose X-Forwarded-For gives the client address (Fastify's trustProxy); false: nobody's */
  trustProxy: TrustProxy;
  /** `auto`: readable lines on a terminal, JSON otherwise */
  logFormat: Env['LOG_FORMAT'];
  /** Prometheus metrics at /metrics on the main port, and/or on a port of their own */
  metrics: { onMainPort: boolean; port: number | null; host: string };
  /** scheduled backups: every `intervalMs` into `dir`, keeping the newest `keep` (off when intervalMs is null) */
  backup: { dir: string | null; intervalMs: number | null; keep: number };
  /** what one client may cost: see `limits` in settingsFrom and the README's Limits section */
  limits: ServerLimits;
  /** the sign-up mode until an admin picks one (a server upgraded from before issue 10 keeps `open`) */
  defaultSignupMode: Env['DEFAULT_SIGNUP_MODE'];
  /** where "Forgot password?" mails go out through; null: resets go through an admin */
  smtp: { url: string; from: string } | null;
}

/** Caps on what one request, socket or address may hold; each has an environment setting. */
interface ServerLimits {
  /** procedure calls in one batched HTTP request */
  trpcMaxBatch: number;
  /** bytes one tRPC HTTP answer may hold */
  trpcMaxResponseBytes: number;
  /** what one WebSocket, account and address may hold */
  socket: SocketLimitOptions;
  /** a connection that has not sent a whole request header by then is closed (408) */
  headersTimeoutMs: number;
  /** a request (an upload included) not received whole by then is closed (408) */
  requestTimeoutMs: number;
  /** a /trpc JSON body not received whole by then is closed (408) */
  trpcBodyTimeoutMs: number;
  /** an idle keep-alive connection is closed after this */
  keepAliveTimeoutMs: number;
  /** open TCP connections per peer address (not applied behind TRUST_PROXY, where every peer is the proxy) */
  maxConnectionsPerAddress: number | null;
  /** files one user may upload per minute (429 with Retry-After past it) */
  uploadsPerMinute: number;
  /** uploads one user may have in flight (429), and the slowest body an upload may trickle (408) */
  uploads: UploadGuardOptions;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration once; the only place that looks at process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const e = parseEnv(env);
  const config = settingsFrom(e);
  const problem = dataDirProblem(config.dataDir, config);
  if (problem) throw new ConfigError(problem);
  return { ...config, jwtSecret: e.JWT_SECRET ?? loadOrCreateSecret(config.dataDir) };
}

/**
 * The same configuration without touching the disk (no DATA_DIR created, no secret generated),
 * for commands that work on a DATA_DIR that may not exist yet (`confab backup`, `confab restore`).
 */
export function readConfig(env: Record<string, string | undefined> = process.env): Omit<Config, 'jwtSecret'> {
  return settingsFrom(parseEnv(env));
}

function parseEnv(env: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  // Every problem at once, so a wrong configuration takes one round of fixes, not one per start.
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`);
  if ((present.VAPID_PUBLIC_KEY === undefined) !== (present.VAPID_PRIVATE_KEY === undefined)) {
    problems.push('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together: set both, or neither (keys are then generated into DATA_DIR)');
  }
  if (present.BACKUP_INTERVAL_HOURS !== undefined && present.BACKUP_DIR === undefined) {
    problems.push('BACKUP_INTERVAL_HOURS needs BACKUP_DIR (the folder scheduled backups go to)');
  }
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]}`
        : `Invalid configuration (${problems.length} problems):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  return parsed.data;
}

function settingsFrom(e: Env): Omit<Config, 'jwtSecret'> {
  const dataDir = path.resolve(e.DATA_DIR);
  const publicOrigin = e.PUBLIC_ORIGIN ? new URL(e.PUBLIC_ORIGIN).origin : `http://localhost:${e.PORT}`;
  const devOrigins = e.DEV_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    dbPath: path.join(dataDir, 'confab.db'),
    uploadsDir: path.join(dataDir, 'uploads'),
    migrationsFolder: path.join(repoRoot, 'drizzle'),
    webDist: path.resolve(e.WEB_DIST),
    allowedOrigins: new Set([publicOrigin, `http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`, ...devOrigins]),
    publicOrigin,
    cookieSecure: e.COOKIE_SECURE ?? publicOrigin.startsWith('https:'),
    push: {
      vapid: e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY } : null,
      subject: e.VAPID_SUBJECT ?? (publicOrigin.startsWith('https:') ? publicOrigin : `mailto:confab@${new URL(publicOrigin).hostname}`),
      allowHttpEndpoints: e.PUSH_ALLOW_HTTP_ENDPOINTS,
    },
    logLevel: e.LOG_LEVEL,
    sessionTtlSeconds: e.SESSION_TTL_DAYS * 24 * 60 * 60,
    eventRetentionMs: e.EVENT_RETENTION_DAYS * 24 * 60 * 60 * 1000,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    uploadQuotaBytes: e.UPLOAD_QUOTA_BYTES,
    uploadMaxPixels: e.UPLOAD_MAX_PIXELS,
    uploadPreviewPx: e.UPLOAD_PREVIEW_PX,
    wsMaxBufferedBytes: e.WS_MAX_BUFFERED_BYTES,
    trustProxy: e.TRUST_PROXY ?? false,
    logFormat: e.LOG_FORMAT,
    metrics: { onMainPort: e.METRICS, port: e.METRICS_PORT ?? null, host: e.METRICS_HOST },
    backup: {
      dir: e.BACKUP_DIR ? path.resolve(e.BACKUP_DIR) : null,
      intervalMs: e.BACKUP_INTERVAL_HOURS ? Math.round(e.BACKUP_INTERVAL_HOURS * 60 * 60 * 1000) : null,
      keep: e.BACKUP_KEEP,
    },
    limits: {
      trpcMaxBatch: e.TRPC_MAX_BATCH,
      trpcMaxResponseBytes: e.TRPC_MAX_RESPONSE_BYTES,
      socket: {
        maxMessagesPerFrame: e.WS_MAX_MESSAGES_PER_FRAME,
        maxMessagesPerSecond: e.WS_MAX_MESSAGES_PER_SECOND,
        maxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
        authTimeoutMs: Math.round(e.WS_AUTH_TIMEOUT_SECONDS * 1000),
        maxUnauthenticatedPerAddress: e.WS_MAX_UNAUTHENTICATED_PER_ADDRESS,
        maxConnectionsPerUser: e.WS_MAX_CONNECTIONS_PER_USER,
      },
      // Node refuses a header timeout longer than the request timeout.
      headersTimeoutMs: Math.round(Math.min(e.HEADERS_TIMEOUT_SECONDS, e.REQUEST_TIMEOUT_SECONDS) * 1000),
      requestTimeoutMs: Math.round(e.REQUEST_TIMEOUT_SECONDS * 1000),
      trpcBodyTimeoutMs: Math.round(e.TRPC_BODY_TIMEOUT_SECONDS * 1000),
      keepAliveTimeoutMs: Math.round(e.KEEP_ALIVE_TIMEOUT_SECONDS * 1000),
      maxConnectionsPerAddress: e.TRUST_PROXY ? null : e.MAX_CONNECTIONS_PER_ADDRESS,
      uploadsPerMinute: e.UPLOADS_PER_MINUTE,
      uploads: {
        maxConcurrentPerUser: e.UPLOAD_MAX_CONCURRENT,
        minBytesPerSecond: e.UPLOAD_MIN_KB_PER_SECOND * 1024,
        windowMs: Math.round(e.UPLOAD_SLOW_WINDOW_SECONDS * 1000),
      },
    },
    defaultSignupMode: e.DEFAULT_SIGNUP_MODE,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM ?? `Confab <confab@${new URL(publicOrigin).hostname}>` } : null,
  };
}

/** A secret generated on first start and kept in DATA_DIR/secret (mode 0600), so sessions survive restarts. */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
