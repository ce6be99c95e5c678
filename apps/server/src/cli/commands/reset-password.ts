import type { Command } from '../command.js';
import { emailArgument, withTeam } from './team-access.js';

export const resetPassword: Command = {
  name: 'reset-password',
  summary: 'print a one-time password-reset link for an account',
  usage: 'E',
  description:
    'Prints a link (valid 24 hours, usable once, replacing any earlier one) that lets the person with e-mail E choose a new password; choosing one signs them out everywhere. Hand it to them yourself.',
  positionals: { min: 1, max: 1 },
  async run(input) {
    const email = emailArgument(input.positionals[0], 'confab reset-password E');
    const link = await withTeam((team) => team.resetLink(email));
    input.progress(`valid until ${link.expiresAt}, once`);
    input.out(link.url);
  },
};
