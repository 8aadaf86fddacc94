import type { Command } from 'commander';

/** Where a command writes: one line at a time. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

export interface CliContext {
  /** The environment, read only through `parseEnv` with the command's own schema. */
  env: Record<string, string | undefined>;
  io: CliOutput;
}

/** Exit statuses every command keeps to: 1 is a negative answer, 2 is "could not answer". */
export const ExitCode = { ok: 0, failed: 1, error: 2 } as const;

/**
 * One command of `npm run cli`. A new command is a file under `commands/`
 * listed in `commands/index.ts`.
 */
export interface CliCommand<Options extends object = Record<string, unknown>> {
  /** As typed, e.g. `audit:verify`. */
  name: string;
  /** One line for `--help`. */
  summary: string;
  /** Declares the command's options and arguments. */
  define?(command: Command): void;
  /** Returns the exit status; throwing means "could not answer" (status 2, one line on stderr). */
  run(options: Options, context: CliContext): Promise<number>;
}

/** Erases a command's option type for the registry; each command parses its own options. */
export function command<Options extends object>(definition: CliCommand<Options>): CliCommand {
  return definition as unknown as CliCommand;
}
