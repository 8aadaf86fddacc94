import type { Command } from 'commander';

/** Where a command writes: one line at a time. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Where secrets come from: a terminal without echo, or piped input a line at a time. */
export interface SecretSource {
  read(prompt: string, options?: { confirm?: boolean }): Promise<string>;
}

export interface CliContext {
  /** The environment, read only through `parseEnv` with the command's own schema. */
  env: Record<string, string | undefined>;
  io: CliOutput;
  secrets?: SecretSource;
}

/** Exit statuses every command keeps to: 1 is a negative answer, 2 is "could not answer". */
export const ExitCode = { ok: 0, failed: 1, error: 2 } as const;

/**
 * One command of `npm run cli`. A new command is a file under `commands/`
 * listed in `commands/index.ts`.
 */
export interface CliCommand<Options extends object = Record<string, unknown>> {
  /** As typed, e.g. `audit:verify`, or `keys init` for a command in a group. */
  name: string;
  /** One line for `--help`. */
  summary: string;
  /** Declares the command's options and arguments. */
  define?(command: Command): void;
  /** Returns the exit status; throwing means "could not answer" (status 2, one line on stderr). */
  run(options: Options, context: CliContext, args: string[]): Promise<number>;
}

/** Erases a command's option type for the registry; each command parses its own options. */
export function command<Options extends object>(definition: CliCommand<Options>): CliCommand {
  return definition as unknown as CliCommand;
}

/**
 * A command whose work loads only when it runs: operator commands pull in the
 * server's libraries, which the client commands (and `--help`) do not need.
 */
export function lazyRun<Options extends object>(
  load: () => Promise<{
    run(options: Options, context: CliContext, args: string[]): Promise<number>;
  }>,
): CliCommand<Options>['run'] {
  return async (options, context, args) => (await load()).run(options, context, args);
}
