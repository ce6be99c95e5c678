import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { promptPassword, readPasswordFromStdin } from './password-prompt.js';
import { emailArgument, withTeam } from './team-access.js';

export const adminCreate: Command = {
  name: 'admin create',
  summary: 'create an admin account (on a new server: its first account)',
  usage: '--email E --name N [--password-stdin]',
  description: [
    'Creates an account with the admin role on DATA_DIR, whether or not the server is running. Asks for the',
    'password twice on the terminal, or reads it from stdin with --password-stdin (for scripts). On a server',
    'with no account yet this is the first run: the web page then offers sign-in instead of "Set up Confab".',
  ].join('\n'),
  options: {
    email: { type: 'string', placeholder: 'E', description: 'the e-mail address to sign in with' },
    name: { type: 'string', placeholder: 'N', description: 'the name people see' },
    'password-stdin': { type: 'boolean', description: 'read the password from stdin instead of asking' },
  },
  async run(input) {
    const email = emailArgument(input.string('email'), 'confab admin create --email E --name N');
    const name = input.string('name')?.trim();
    if (!name || name.length > 80) throw new UsageError('Give a name of 1 to 80 characters: confab admin create --email E --name N');
    let password: string;
    if (input.flag('password-stdin')) password = await readPasswordFromStdin();
    else {
      password = await promptPassword(`Password for ${email}: `);
      if ((await promptPassword('Again: ')) !== password) throw new UsageError('The two passwords differ: nothing was created.');
    }
    if (password.length < 8 || password.length > 256) throw new UsageError('The password must be 8 to 256 characters: nothing was created.');
    const created = await withTeam((team) => team.createAdmin({ email, name, password }));
    input.progress(`created ${created.user.name} <${created.email}> as an admin`);
    input.out(created.user.id);
  },
};
