import { Command, CommanderError } from 'commander';
import { ExitCode, type CliContext } from './cli-command';
import { COMMANDS } from './commands';

/** Parses the command line and runs one command; resolves to the exit status. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const program = new Command('fpn')
    .description('Focal Points Network operator commands')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => context.io.out(text.trimEnd()),
      writeErr: (text) => context.io.err(text.trimEnd()),
    });
  let status: number = ExitCode.ok;
  for (const definition of COMMANDS) {
    const sub = program.command(definition.name).description(definition.summary);
    definition.define?.(sub);
    sub.action(async () => {
      try {
        status = await definition.run(sub.opts(), context);
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
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
