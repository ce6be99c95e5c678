import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;
const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const users = sqliteTable(
  'user',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    avatarUploadId: text('avatar_upload_id'),
    createdAt: timestamp('created_at').notNull().default(now),
    lastSeenAt: timestamp('last_seen_at'),
    /** who runs this place: there is always at least one active admin */
    role: text('role', { enum: ['admin', 'member'] })
      .notNull()
      .default('member'),
    /** a person signs in with a password; a bot (issue 11) with an API key */
    kind: text('kind', { enum: ['person', 'bot'] })
      .notNull()
      .default('person'),
    /** set when the person can no longer sign in; their messages stay */
    deactivatedAt: timestamp('deactivated_at'),
  },
  (t) => [uniqueIndex('user_email_unique').on(t.email)],
);

export const sessions = sqliteTable(
  'session',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at').notNull().default(now),
    expiresAt: timestamp('expires_at').notNull(),
    revokedAt: timestamp('revoked_at'),
    /** when a request last used it (updated at most once a minute), for "signed-in sessions" */
    lastUsedAt: timestamp('last_used_at'),
    /** the address and User-Agent it was started from */
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);

export const contacts = sqliteTable(
  'contact',
  {
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    contactId: text('contact_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.contactId] }), index('contact_contact_idx').on(t.contactId)],
);

export const rooms = sqliteTable(
  'room',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['direct', 'group'] }).notNull(),
    name: text('name'),
    topic: text('topic'),
    visibility: text('visibility', { enum: ['public', 'private'] })
      .notNull()
      .default('private'),
    directKey: text('direct_key'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at').notNull().default(now),
    /** id of the newest message, kept in step with inserts so room lists sort without a scan */
    lastMessageId: integer('last_message_id'),
    /** an admin archived the group: it stays readable, takes no new messages, and leaves the directory */
    archivedAt: timestamp('archived_at'),
  },
  (t) => [
    uniqueIndex('room_direct_key_unique').on(t.directKey),
    index('room_visibility_idx').on(t.visibility),
    // A live group's name is unique ignoring case (lower() folds A-Z only); archiving frees it.
    uniqueIndex('room_group_name_unique')
      .on(sql`lower(${t.name})`)
      .where(sql`${t.kind} = 'group' AND ${t.archivedAt} IS NULL`),
  ],
);

export const memberships = sqliteTable(
  'membership',
  {
    roomId: text('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'member'] })
      .notNull()
      .default('member'),
    lastReadMessageId: integer('last_read_message_id').notNull().default(0),
    joinedAt: timestamp('joined_at').notNull().default(now),
    /** what notifies me and counts as unread here (issue 15); null: the room kind's default (DM all, group mentions) */
    notificationLevel: text('notification_level', { enum: ['all', 'mentions', 'nothing'] }),
    /** with level `nothing`: @mentions of me do not count or notify either */
    ignoreMentions: integer('ignore_mentions', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] }), index('membership_user_idx').on(t.userId)],
);

export const messages = sqliteTable(
  'message',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roomId: text('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    clientId: text('client_id').notNull(),
    createdAt: timestamp('created_at').notNull().default(now),
    editedAt: timestamp('edited_at'),
    deletedAt: timestamp('deleted_at'),
    /**
     * the message of the same room this one answers (issue 14). Not a foreign key: message rows go
     * only with their room (a deleted message is a tombstone), and a reply whose original is gone
     * reads as a reply to a deleted message.
     */
    replyToId: integer('reply_to_id'),
  },
  (t) => [index('message_room_id_idx').on(t.roomId, t.id), uniqueIndex('message_author_client_unique').on(t.authorId, t.clientId)],
);

/** who a message @mentions (members of its room only), so unread mentions are one indexed count */
export const mentions = sqliteTable(
  'mention',
  {
    messageId: integer('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roomId: text('room_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roomId, t.messageId] }), index('mention_message_idx').on(t.messageId)],
);

export const reactions = sqliteTable(
  'reaction',
  {
    messageId: integer('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    emoji: text('emoji').notNull(),
    createdAt: timestamp('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.emoji] })],
);

export const uploads = sqliteTable(
  'upload',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** the client's filename, kept only for display and Content-Disposition, never as a path */
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    width: integer('width'),
    height: integer('height'),
    /** a video or audio file's length, when its headers say; null for everything else */
    durationMs: integer('duration_ms'),
    hasPreview: integer('has_preview', { mode: 'boolean' }).notNull().default(false),
    createdAt: timestamp('created_at').notNull().default(now),
  },
  (t) => [index('upload_owner_idx').on(t.ownerId)],
);

/** which message shares which upload: an upload is visible to members of the rooms it was shared in */
export const attachments = sqliteTable(
  'attachment',
  {
    messageId: integer('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    uploadId: text('upload_id')
      .notNull()
      .references(() => uploads.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.uploadId] }), index('attachment_upload_idx').on(t.uploadId)],
);

export const events = sqliteTable(
  'event',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    roomId: text('room_id').notNull(),
    type: text('type').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    createdAt: timestamp('created_at').notNull().default(now),
  },
  (t) => [
    index('event_room_seq_idx').on(t.roomId, t.seq),
    // Whose membership an event changes, so a replay finds one user's joins and leaves without
    // scanning the rooms; partial, so the other events (every message) cost it nothing.
    index('event_member_seq_idx')
      .on(sql`(CASE ${t.type} WHEN 'member.joined' THEN ${t.payload} ->> '$.member.user.id' ELSE ${t.payload} ->> '$.userId' END)`, t.seq)
      .where(sql`${t.type} IN ('member.joined', 'member.left')`),
  ],
);

/**
 * The team's own settings: one row (id 1), written on first run. A missing row is a server that
 * was never set up; a missing `signup_mode` means the server's configured default.
 */
export const team = sqliteTable('team', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().default('Confab'),
  signupMode: text('signup_mode', { enum: ['invite', 'domain', 'open'] }),
  /** the e-mail domains that may sign up in `domain` mode, lower case */
  signupDomains: text('signup_domains', { mode: 'json' })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  /** whether members (not only admins) may create invites */
  membersCanInvite: integer('members_can_invite', { mode: 'boolean' }).notNull().default(false),
  /** whether members (not only admins) may create bots (issue 11) */
  membersCanCreateBots: integer('members_can_create_bots', { mode: 'boolean' }).notNull().default(false),
  /** the rooms an invite joins when it names none */
  defaultRoomIds: text('default_room_ids', { mode: 'json' })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  /** an upgraded server kept `open` sign-up: the admin page suggests `invite` until an admin chooses */
  signupModeInherited: integer('signup_mode_inherited', { mode: 'boolean' }).notNull().default(false),
  updatedAt: timestamp('updated_at').notNull().default(now),
});

/** An invite link: the code itself is never stored, only its SHA-256. */
export const invites = sqliteTable(
  'invite',
  {
    id: text('id').primaryKey(),
    codeHash: text('code_hash').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at').notNull().default(now),
    expiresAt: timestamp('expires_at'),
    /** null: any number of uses */
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    revokedAt: timestamp('revoked_at'),
    /** the rooms joined on sign-up; null: the team's default rooms */
    roomIds: text('room_ids', { mode: 'json' }).$type<string[]>(),
  },
  (t) => [uniqueIndex('invite_code_hash_unique').on(t.codeHash)],
);

/** A one-time password-reset link (24 h, single use, superseded by the next one); only the token's SHA-256 is kept. */
export const passwordResets = sqliteTable(
  'password_reset',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at').notNull().default(now),
    expiresAt: timestamp('expires_at').notNull(),
    usedAt: timestamp('used_at'),
  },
  (t) => [index('password_reset_user_idx').on(t.userId)],
);

/**
 * An API key (issue 11): a bot's key, or a person's own key for their scripts. It authenticates
 * like a session token. Only its SHA-256 is kept (keys are long and random, so a fast hash is
 * enough); `prefix` is its first characters, shown so people can tell their keys apart.
 */
export const apiKeys = sqliteTable(
  'api_key',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    keyHash: text('key_hash').notNull(),
    prefix: text('prefix').notNull(),
    label: text('label').notNull(),
    createdAt: timestamp('created_at').notNull().default(now),
    /** updated at most once a minute */
    lastUsedAt: timestamp('last_used_at'),
    /** null: never expires (a bot's key ends only by rotating or deleting the bot) */
    expiresAt: timestamp('expires_at'),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [uniqueIndex('api_key_hash_unique').on(t.keyHash), index('api_key_user_idx').on(t.userId)],
);

/** A bot made with `bot.create`: a user of kind 'bot', with the person who answers for it. */
export const bots = sqliteTable('bot', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at').notNull().default(now),
});

/**
 * An incoming webhook: POST /hooks/<secret> posts into `roomId` as `botUserId`, a bot user of its
 * own (named after the webhook). Only the secret's SHA-256 is kept.
 */
export const webhooks = sqliteTable(
  'webhook',
  {
    id: text('id').primaryKey(),
    roomId: text('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    botUserId: text('bot_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at').notNull().default(now),
    lastUsedAt: timestamp('last_used_at'),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [uniqueIndex('webhook_secret_hash_unique').on(t.secretHash), index('webhook_room_idx').on(t.roomId)],
);

/**
 * A browser's Web Push subscription (issue 15): one per device, kept with the session that made
 * it, so signing out of that device (or the push service answering 404/410) ends it.
 */
export const pushSubscriptions = sqliteTable(
  'push_subscription',
  {
    endpoint: text('endpoint').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    /** the browser's P-256 public key and auth secret (base64url), for aes128gcm */
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: timestamp('created_at').notNull().default(now),
  },
  (t) => [index('push_subscription_user_idx').on(t.userId), index('push_subscription_session_idx').on(t.sessionId)],
);
