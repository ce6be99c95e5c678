import type { ParseArgsConfig } from 'node:util';

type ParseArgsOptionConfig = NonNullable<ParseArgsConfig['options']>[string];

/** What `confab` exits with: scripts can tell "wrong usage" and "refused" from "failed". */
export const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3, interrupted: 130 } as const;

interface CommandOption {
  type: 'string' | 'boolean';
  short?: string;
  /** shown in help after the flag, e.g. DIR */
  placeholder?: string;
  description: string;
}

/**
 * One `confab` command. Adding one is a new file that exports a Command and one line in
 * `commands.ts`. Names may have several words (`admin create`); the longest match wins.
 */
export interface Command {
  name: string;
  /** one line for `confab --help` */
  summary: string;
  /** the arguments after the name, for the usage line, e.g. `--from DIR [--force]` */
  usage?: string;
  /** a paragraph for `confab <name> --help` */
  description?: string;
  options?: Record<string, CommandOption>;
  /** positional arguments allowed after the name (none by default) */
  positionals?: { min: number; max: number };
  /** the command handles SIGINT/SIGTERM itself (the server does); otherwise they abort `signal` */
  ownsSignals?: boolean;
  run(input: CommandInput): Promise<number | void>;
}

export interface CommandInput {
  /** a string option, or undefined when not given */
  string: (name: string) => string | undefined;
  /** a boolean flag */
  flag: (name: string) => boolean;
  positionals: string[];
  /** the command's result, on stdout (what a script would capture) */
  out: (line: string) => void;
  /** progress and notes for the person watching, on stderr */
  progress: (line: string) => void;
  /** aborted on Ctrl-C / SIGTERM: stop, clean up, and let the error propagate */
  signal: AbortSignal;
}

/** A failure the command explains itself; `main` prints the message and exits with `exitCode`. */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

export class UsageError extends CommandError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export function toParseArgsOptions(command: Command): Record<string, ParseArgsOptionConfig> {
  const options: Record<string, ParseArgsOptionConfig> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, option] of Object.entries(command.options ?? {})) {
    options[name] = option.short ? { type: option.type, short: option.short } : { type: option.type };
  }
  return options;
}
