import { createApi, defaultLimits, type TeamOperations } from '@confab/api';
import { createDb } from '@confab/db';
import { TRPCError } from '@trpc/server';
import { loadConfig } from '../../config.js';
import { CommandError, EXIT } from '../command.js';

/**
 * Opens DATA_DIR's database (migrating it, like the server does) and runs `work` on the team
 * operations, whether or not a server is running on it: SQLite's WAL and busy timeout let both
 * write, and a running server closes the sockets of sessions ended here within a second or two.
 * A refusal (the last admin, an unknown e-mail) becomes a one-line message and its exit code; input
 * the API refuses (a name made of invisible characters) is a wrong command line.
 */
export async function withTeam<T>(work: (team: TeamOperations, origin: string) => Promise<T> | T): Promise<T> {
  const config = loadConfig();
  const db = createDb(config.dbPath, { migrationsFolder: config.migrationsFolder });
  const api = createApi(db, {
    jwtSecret: config.jwtSecret,
    sessionTtlSeconds: config.sessionTtlSeconds,
    limits: defaultLimits,
    publicOrigin: config.publicOrigin,
    defaultSignupMode: config.defaultSignupMode,
  });
  try {
    return await work(api.team, config.publicOrigin);
  } catch (error) {
    if (error instanceof TRPCError) {
      const refused = error.code === 'CONFLICT' || error.code === 'FORBIDDEN';
      throw new CommandError(error.message, refused ? EXIT.refused : error.code === 'BAD_REQUEST' ? EXIT.usage : EXIT.failed);
    }
    throw error;
  } finally {
    api.close();
    db.$client.close();
  }
}

/** A one-line address check; the API checks again with its own rules. */
export function emailArgument(value: string | undefined, usage: string): string {
  const email = value?.trim().toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new CommandError(`Give an e-mail address: ${usage}`, EXIT.usage);
  return email;
}
