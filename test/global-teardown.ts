import { waitForExit } from '../libs/core/src/process/process-liveness';

/** Stops the run's PostgreSQL and Redis (their process cleans up after itself on SIGTERM). */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.FPN_TEST_INFRASTRUCTURE_PID);
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitForExit(pid, 30_000))) process.kill(pid, 'SIGKILL');
}
