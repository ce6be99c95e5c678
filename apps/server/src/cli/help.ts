import type { Command } from './command.js';

const PROGRAM = 'confab';

function synopsis(command: Command): string {
  return [PROGRAM, command.name, command.usage].filter(Boolean).join(' ');
}

/** `confab --help`: every command with its one-line summary. */
export function usageText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => `${command.name} ${command.usage ?? ''}`.trim().length));
  const lines = commands.map((command) => `  ${`${command.name} ${command.usage ?? ''}`.trim().padEnd(width)}  ${command.summary}`);
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...lines,
    '',
    'Every command reads the same settings as the server (DATA_DIR, BACKUP_DIR, ...: see "Configuration" in the README).',
    `\`${PROGRAM} <command> --help\` shows a command's options.`,
    'Exit codes: 0 done, 1 failed, 2 wrong command line or configuration, 3 refused (e.g. a running server), 130 interrupted.',
  ].join('\n');
}

/** `confab <command> --help`. */
export function commandHelp(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${option.placeholder ? ` ${option.placeholder}` : ''}`;
    return { flag, description: option.description };
  });
  options.push({ flag: '-h, --help', description: 'show this help' });
  const width = Math.max(...options.map((option) => option.flag.length));
  return [
    `Usage: ${synopsis(command)}`,
    '',
    command.description ?? command.summary,
    '',
    'Options:',
    ...options.map((option) => `  ${option.flag.padEnd(width)}  ${option.description}`),
  ].join('\n');
}
