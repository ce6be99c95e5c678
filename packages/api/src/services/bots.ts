import { and, asc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { apiKeys, bots, users } from '@confab/db';
import { forbidden, notFound } from '../errors.js';
import { writeWithEvents, type Tx } from '../events/log.js';
import { newId } from '../ids.js';
import { revokeAllKeysOf } from './api-keys.js';
import type { Services } from './index.js';
import { readTeam } from './team.js';
import { emitUserUpdated, emitUserUpdatedToAdmins } from './user-events.js';
import { findUserById, toPublicUser, type PublicUser } from './users.js';

// Bots (issue 11): users of kind 'bot' with an owner and an API key. They sign in with the key
// only (never a password), can be added to rooms and DMed, and never count as a person.

export interface BotDto extends PublicUser {
  kind: 'bot';
  /** who answers for the bot: its maker (null if their account is gone) */
  owner: PublicUser | null;
  createdAt: string;
  /** the live key's first characters, to tell it from an old one */
  keyPrefix: string | null;
  keyLastUsedAt: string | null;
}

interface Caller {
  id: string;
}

const BOT_KEY_LABEL = 'bot key';

/** A bot's user row: a unique address nobody can receive mail at, and no password that could ever match. */
export function insertBotUser(tx: Tx, name: string): string {
  const id = newId();
  tx.insert(users)
    .values({ id, email: `bot-${id.toLowerCase()}@bots.confab.invalid`, name, passwordHash: '!', kind: 'bot' })
    .run();
  return id;
}

/** The caller's role, read fresh (a demotion counts at once, even on an open socket). */
function roleOf(s: Services, caller: Caller): 'admin' | 'member' {
  const row = findUserById(s.db, caller.id);
  if (!row || row.deactivatedAt) throw forbidden('Your account is deactivated.');
  if (row.kind === 'bot') throw forbidden('A bot cannot manage bots.');
  return row.role;
}

const owners = alias(users, 'owner');

function botRows(s: Services, where: ReturnType<typeof and>) {
  return s.db
    .select({ bot: users, ownerId: bots.ownerId, createdAt: bots.createdAt, owner: owners })
    .from(bots)
    .innerJoin(users, eq(users.id, bots.userId))
    .leftJoin(owners, eq(owners.id, bots.ownerId))
    .where(and(isNull(users.deactivatedAt), where))
    .orderBy(asc(users.name), asc(users.id))
    .all();
}

function toBotDtos(s: Services, rows: ReturnType<typeof botRows>): BotDto[] {
  return rows.map((row) => {
    const key = s.db
      .select({ prefix: apiKeys.prefix, lastUsedAt: apiKeys.lastUsedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.userId, row.bot.id), isNull(apiKeys.revokedAt)))
      .get();
    return {
      ...toPublicUser(row.bot),
      kind: 'bot' as const,
      owner: row.owner ? toPublicUser(row.owner) : null,
      createdAt: row.createdAt.toISOString(),
      keyPrefix: key?.prefix ?? null,
      keyLastUsedAt: key?.lastUsedAt?.toISOString() ?? null,
    };
  });
}

/** The bot as the caller may manage it: their own, or any for an admin; anything else is NOT_FOUND. */
function findManagedBot(s: Services, caller: Caller, botId: string): BotDto {
  const role = roleOf(s, caller);
  const [bot] = toBotDtos(s, botRows(s, and(eq(bots.userId, botId), role === 'admin' ? undefined : eq(bots.ownerId, caller.id))));
  if (!bot) throw notFound('Bot not found: check the id (bot.list shows the bots you manage).');
  return bot;
}

export function createBot(s: Services, caller: Caller, name: string): { bot: BotDto; apiKey: string } {
  if (roleOf(s, caller) !== 'admin' && !readTeam(s).membersCanCreateBots) throw forbidden('Only an admin can create bots on this team.');
  const { botId, apiKey } = writeWithEvents(s.db, s.bus, (tx, emit) => {
    const id = insertBotUser(tx, name);
    tx.insert(bots).values({ userId: id, ownerId: caller.id }).run();
    // The admins' people list shows bots too.
    emitUserUpdatedToAdmins(tx, emit, id);
    return { botId: id, apiKey: s.apiKeys.issue(tx, id, BOT_KEY_LABEL, null).apiKey };
  });
  return { bot: findManagedBot(s, caller, botId), apiKey };
}

/** Every bot for an admin; your own for a member. */
export function listBots(s: Services, caller: Caller): BotDto[] {
  return toBotDtos(s, botRows(s, roleOf(s, caller) === 'admin' ? undefined : eq(bots.ownerId, caller.id)));
}

export function updateBot(
  s: Services,
  caller: Caller,
  botId: string,
  changes: { name?: string | undefined; avatarUploadId?: string | null | undefined },
): BotDto {
  findManagedBot(s, caller, botId);
  // The picture is one the caller uploaded: a bot has no way to upload before it has a face.
  if (changes.avatarUploadId) s.uploads.assertAvatar(caller.id, changes.avatarUploadId);
  const set: Partial<typeof users.$inferInsert> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.avatarUploadId !== undefined) set.avatarUploadId = changes.avatarUploadId;
  if (Object.keys(set).length > 0)
    writeWithEvents(s.db, s.bus, (tx, emit) => {
      tx.update(users).set(set).where(eq(users.id, botId)).run();
      emitUserUpdated(tx, emit, botId);
    });
  return findManagedBot(s, caller, botId);
}

/** A new key; the old one stops working at once and the bot's open sockets close. */
export function rotateBotKey(s: Services, caller: Caller, botId: string): { bot: BotDto; apiKey: string } {
  findManagedBot(s, caller, botId);
  revokeAllKeysOf(s, botId);
  const { apiKey } = s.apiKeys.issue(s.db, botId, BOT_KEY_LABEL, null);
  return { bot: findManagedBot(s, caller, botId), apiKey };
}

/** The bot leaves every list and its key stops at once; its messages stay, like a deactivated person's. */
export function deleteBot(s: Services, caller: Caller, botId: string): { ok: true } {
  findManagedBot(s, caller, botId);
  writeWithEvents(s.db, s.bus, (tx, emit) => {
    tx.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, botId)).run();
    emitUserUpdated(tx, emit, botId);
  });
  revokeAllKeysOf(s, botId);
  return { ok: true };
}
