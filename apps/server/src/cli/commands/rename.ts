import type { Command } from '../command.js';
import { emailArgument, withTeam } from './team-access.js';

export const rename: Command = {
  name: 'rename',
  summary: 'change the name people see for an account',
  usage: 'E NAME',
  description:
    'Renames the account with e-mail E to NAME (quotes optional: `confab rename ana@example.com Ana Lima`). Everyone who has Confab open sees the new name within a couple of seconds, as if the person had changed it themselves.',
  positionals: { min: 2, max: 20 },
  async run(input) {
    const [address, ...words] = input.positionals;
    const email = emailArgument(address, 'confab rename E NAME');
    const row = await withTeam((team) => team.rename(email, words.join(' ')));
    input.out(`${row.user.name} <${row.email}>`);
  },
};
