// `confab <command>`: one entry for every command (see commands.ts for the table).
import { parseArgs } from 'node:util';
import { BackupError } from '../backup/errors.js';
import { ConfigError } from '../config.js';
import { CommandError, EXIT, toParseArgsOptions, UsageError, type Command, type CommandInput } from './command.js';
import { commands } from './commands.js';
import { commandHelp, usageText } from './help.js';

/** The command whose (possibly several-word) name is the longest prefix of `argv`. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | null {
  let best: { command: Command; rest: string[] } | null = null;
  for (const command of commands) {
    const words = command.name.split(' ');
    const matches = words.every((word, index) => argv[index] === word);
    if (matches && (!best || words.length > best.command.name.split(' ').length)) best = { command, rest: argv.slice(words.length) };
  }
  return best;
}

function unknownCommand(argv: string[]): UsageError {
  const group = commands.filter((command) => command.name.split(' ')[0] === argv[0]);
  if (group.length > 0) return new UsageError(`\`confab ${argv[0]}\` needs one of: ${group.map((command) => command.name).join(', ')}.`);
  return new UsageError(
    `Unknown command "${argv.join(' ')}". Commands: ${commands.map((command) => command.name).join(', ')} (\`confab --help\` describes them).`,
  );
}

function parseInput(command: Command, rest: string[], signal: AbortSignal): { input: CommandInput; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: toParseArgsOptions(command), allowPositionals: true, strict: true });
  } catch (error) {
    const sentence = (error as Error).message.split(/\.(\s|$)/)[0] ?? 'Bad arguments';
    throw new UsageError(`${sentence} for \`confab ${command.name}\` (\`confab ${command.name} --help\` lists the options).`);
  }
  const { values, positionals } = parsed;
  const limits = command.positionals ?? { min: 0, max: 0 };
  if (!values.help && (positionals.length < limits.min || positionals.length > limits.max)) {
    throw new UsageError(
      positionals.length > limits.max
        ? `Unexpected argument "${positionals[limits.max] ?? ''}" for \`confab ${command.name}\`.`
        : `\`confab ${command.name}\` needs more arguments: confab ${command.name} ${command.usage ?? ''}`,
    );
  }
  const input: CommandInput = {
    string: (name) => {
      const value = values[name];
      if (value === '') throw new UsageError(`--${name} needs a value.`);
      return typeof value === 'string' ? value : undefined;
    },
    flag: (name) => values[name] === true,
    positionals,
    out: (line) => void process.stdout.write(`${line}\n`),
    progress: (line) => void process.stderr.write(`${line}\n`),
    signal,
  };
  return { input, help: values.help === true };
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommandError) return error.exitCode;
  if (error instanceof ConfigError) return EXIT.usage;
  if (error instanceof BackupError) return error.kind === 'refused' ? EXIT.refused : EXIT.failed;
  if (error instanceof Error && error.name === 'AbortError') return EXIT.interrupted;
  return EXIT.failed;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${usageText(commands)}\n`);
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const found = findCommand(argv);
  if (!found) throw unknownCommand(argv);
  const controller = new AbortController();
  const { input, help } = parseInput(found.command, found.rest, controller.signal);
  if (help) {
    process.stdout.write(`${commandHelp(found.command)}\n`);
    return EXIT.ok;
  }
  if (!found.command.ownsSignals) {
    const interrupt = (signal: NodeJS.Signals) => {
      if (controller.signal.aborted) process.exit(EXIT.interrupted);
      process.stderr.write(`${signal}: stopping and cleaning up (again to quit at once)\n`);
      controller.abort();
    };
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
  }
  return (await found.command.run(input)) ?? EXIT.ok;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof CommandError || error instanceof ConfigError || error instanceof BackupError;
    const aborted = error instanceof Error && error.name === 'AbortError';
    // Only an unexpected error gets its stack: it is a bug to report, not a mistake to fix.
    const text = error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
    process.stderr.write(`confab: ${aborted ? 'interrupted; nothing was left half-written' : text}\n`);
    process.exitCode = exitCodeFor(error);
  },
);
