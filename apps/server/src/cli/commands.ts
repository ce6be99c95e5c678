import type { Command } from './command.js';
import { backup } from './backup.js';
import { restore } from './restore.js';
import { start } from './start.js';

/** Every `confab` command, in the order `confab --help` lists them. A new command: its file, and one line here. */
export const commands: readonly Command[] = [start, backup, restore];
