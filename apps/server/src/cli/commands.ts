import type { Command } from './command.js';
import { backup } from './backup.js';
import { deactivate, promote, reactivate } from './commands/account-status.js';
import { adminCreate } from './commands/admin-create.js';
import { invite } from './commands/invite.js';
import { rename } from './commands/rename.js';
import { resetPassword } from './commands/reset-password.js';
import { users } from './commands/users.js';
import { restore } from './restore.js';
import { start } from './start.js';

/** Every `confab` command, in the order `confab --help` lists them. A new command: its file, and one line here. */
export const commands: readonly Command[] = [
  start,
  backup,
  restore,
  adminCreate,
  resetPassword,
  users,
  deactivate,
  reactivate,
  promote,
  rename,
  invite,
];
