import { progress } from './progress';

type Cleanup = () => Promise<void> | void;

const cleanups: Cleanup[] = [];
let running: Promise<void> | undefined;

/** Registers something to undo when the benchmark ends, however it ends; undone last-first. */
export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

/** Runs every cleanup once, last registered first; errors are reported, not thrown. */
export function cleanUp(): Promise<void> {
  running ??= (async () => {
    while (cleanups.length) {
      const cleanup = cleanups.pop()!;
      try {
        await cleanup();
      } catch (error) {
        progress(`cleanup failed: ${(error as Error).message}`);
      }
    }
  })();
  return running;
}

/**
 * Runs a benchmark's main function: on success, failure, Ctrl-C or SIGTERM
 * everything it started (servers, processes, temp folders) is stopped and
 * removed before the process exits.
 */
export function runBenchmark(name: string, main: () => Promise<void>): void {
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) {
      process.stderr.write(`${name}: ${signal} again, exiting without finishing the cleanup\n`);
      process.exit(130);
    }
    interrupted = true;
    progress(`${signal}: stopping and cleaning up…`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  main().then(
    async () => {
      await cleanUp();
      process.exit(0);
    },
    async (error: Error) => {
      // Once interrupted, what fails is what the cleanup stopped under it.
      if (!interrupted) process.stderr.write(`${name}: ${error.stack ?? error.message}\n`);
      await cleanUp();
      process.exit(1);
    },
  );
}
