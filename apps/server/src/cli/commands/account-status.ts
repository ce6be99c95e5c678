import type { Command } from '../command.js';
import { emailArgument, withTeam } from './team-access.js';

export const deactivate: Command = {
  name: 'deactivate',
  summary: 'deactivate an account: signed out everywhere at once, cannot sign in, messages stay',
  usage: 'E',
  description:
    'Deactivates the account with e-mail E: every session ends (a running server closes its sockets within a couple of seconds), it cannot sign in, and it leaves member lists and the directory; its messages stay. The last active admin cannot be deactivated.',
  positionals: { min: 1, max: 1 },
  async run(input) {
    const email = emailArgument(input.positionals[0], 'confab deactivate E');
    const row = await withTeam((team) => team.deactivate(email));
    input.out(`${row.user.name} <${row.email}>: ${row.status}`);
  },
};

export const reactivate: Command = {
  name: 'reactivate',
  summary: 'let a deactivated account sign in again',
  usage: 'E',
  positionals: { min: 1, max: 1 },
  async run(input) {
    const email = emailArgument(input.positionals[0], 'confab reactivate E');
    const row = await withTeam((team) => team.reactivate(email));
    input.out(`${row.user.name} <${row.email}>: ${row.status}`);
  },
};

export const promote: Command = {
  name: 'promote',
  summary: 'make an account an admin',
  usage: 'E',
  description: 'Gives the account with e-mail E the admin role; a running server honours it on the next call, sockets included.',
  positionals: { min: 1, max: 1 },
  async run(input) {
    const email = emailArgument(input.positionals[0], 'confab promote E');
    const row = await withTeam((team) => team.promote(email));
    input.out(`${row.user.name} <${row.email}>: ${row.role}`);
  },
};
