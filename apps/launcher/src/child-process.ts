import { fork, type ChildProcess } from 'node:child_process';
import { waitForExit } from '@fpn/core';

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code when the process ends, for whatever reason. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts a Node.js entry point with an IPC channel: when the launcher dies,
 * the channel closes and the child shuts itself down, so nothing is orphaned.
 */
export function startChild(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  nodeOptions: readonly string[] = [],
): ManagedChild {
  const child = fork(entry, [], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--enable-source-maps', ...nodeOptions],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    name,
    process: child,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      child.kill('SIGTERM');
      if (!(await waitForExit(child.pid, 15_000))) child.kill('SIGKILL');
      await exited;
    },
  };
}
