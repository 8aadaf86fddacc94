import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
  const child: ChildProcess | undefined = globalThis.__FPN_TEST_INFRASTRUCTURE_PROCESS__;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
