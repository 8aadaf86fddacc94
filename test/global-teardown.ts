import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isProcessAlive, waitForExit } from '../libs/core/src/process/process-liveness';

/**
 * Kills what a test file started and left running (an api or worker replica,
 * a private redis-server), e.g. when its jest worker was killed before its
 * afterAll ran; then stops the run's PostgreSQL and Redis (their process
 * cleans up after itself on SIGTERM).
 */
export default async function globalTeardown(): Promise<void> {
  killLeftoverTestProcesses();
  const pid = Number(process.env.FPN_TEST_INFRASTRUCTURE_PID);
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitForExit(pid, 30_000))) process.kill(pid, 'SIGKILL');
}

function killLeftoverTestProcesses() {
  const dir = process.env.FPN_TEST_PROCESSES_DIR;
  if (!dir) return;
  for (const name of readdirSync(dir)) {
    const pid = Number(name);
    const command = readFileSync(path.join(dir, name), 'utf8');
    // Only if the pid is still the process we started, not a later one that reused it.
    if (pid && isProcessAlive(pid) && commandLineOf(pid).startsWith(command)) {
      process.kill(pid, 'SIGKILL');
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
  } catch {
    return '';
  }
}
