import { UsageError, type Command } from '../command.js';
import { withTeam } from './team-access.js';

function count(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${flag} must be a whole number from 1 to ${max.toLocaleString('en')}.`);
  return n;
}

export const invite: Command = {
  name: 'invite',
  summary: 'print an invite link (PUBLIC_ORIGIN/join/<code>)',
  usage: '[--uses N] [--days D]',
  description:
    "Creates an invite link to sign up with, joining the team's default rooms. Without --uses it works any number of times; without --days it never expires (revoke it on the admin page). The code is printed once and stored only as a hash.",
  options: {
    uses: { type: 'string', placeholder: 'N', description: 'how many sign-ups it allows' },
    days: { type: 'string', placeholder: 'D', description: 'days until it expires' },
  },
  async run(input) {
    const maxUses = count(input.string('uses'), 'uses', 10_000);
    const expiresInDays = count(input.string('days'), 'days', 365);
    const created = await withTeam((team) => team.invite({ maxUses, expiresInDays }));
    const limits = [
      maxUses ? `${maxUses} use${maxUses === 1 ? '' : 's'}` : 'any number of uses',
      expiresInDays ? `expires ${created.invite.expiresAt ?? ''}` : 'no expiry',
    ];
    input.progress(limits.join(', '));
    input.out(created.url);
  },
};
