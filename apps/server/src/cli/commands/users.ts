import type { Command } from '../command.js';
import { withTeam } from './team-access.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

export const users: Command = {
  name: 'users',
  summary: 'list the accounts: name, e-mail, role, status, last seen',
  description: 'Prints every account of DATA_DIR as a table (active people first), or as JSON lines with --json.',
  options: { json: { type: 'boolean', description: 'one JSON object per line instead of a table' } },
  async run(input) {
    const list = await withTeam((team) => team.users());
    if (input.flag('json')) {
      for (const row of list)
        input.out(
          JSON.stringify({ id: row.user.id, name: row.user.name, email: row.email, role: row.role, status: row.status, lastSeenAt: row.lastSeenAt }),
        );
      return;
    }
    const rows = [['NAME', 'E-MAIL', 'ROLE', 'STATUS', 'LAST SEEN']];
    for (const row of list) rows.push([row.user.name, row.email, row.role, row.status, row.lastSeenAt?.replace('T', ' ').slice(0, 16) ?? 'never']);
    for (const line of table(rows)) input.out(line);
    input.progress(`${list.length} account${list.length === 1 ? '' : 's'}`);
  },
};
