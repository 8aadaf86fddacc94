import { Command, CommanderError } from 'commander';
import { ExitCode, type CliContext } from './cli-command';
import { COMMAND_GROUPS, COMMANDS } from './commands';

/** Parses the command line and runs one command; resolves to the exit status. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const program = new Command('fpn')
    .description('Focal Points Network: your keys and the directory, and operator commands')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => context.io.out(text.trimEnd()),
      writeErr: (text) => context.io.err(text.trimEnd()),
    });
  let status: number = ExitCode.ok;
  for (const definition of COMMANDS) {
    const words = definition.name.split(' ');
    let parent = program;
    for (const group of words.slice(0, -1)) {
      parent =
        parent.commands.find((existing) => existing.name() === group) ??
        parent.command(group).description(COMMAND_GROUPS[group] ?? group);
    }
    const sub = parent.command(words.at(-1)!).description(definition.summary);
    definition.define?.(sub);
    sub.action(async () => {
      try {
        status = await definition.run(sub.opts(), context, sub.args);
      } catch (error) {
        context.io.err(`${definition.name}: ${describe(error)}`);
        status = ExitCode.error;
      }
    });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    }
    throw error;
  }
  return status;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const line = error.message.split('\n')[0];
  return typeof code === 'string' && /^[A-Z][A-Z_]+$/.test(code) ? `${code}: ${line}` : line;
}
