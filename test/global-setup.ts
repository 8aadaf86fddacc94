import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/**
 * Builds dist/ (start-up tests run the compiled entry points), then starts the
 * run's PostgreSQL and Redis in a separate process and hands their addresses
 * to the test files through the environment. Keeping the servers' code out of
 * jest's own process keeps its module state out of the test sandboxes.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const child = fork(path.join(root, 'dist/libs/testing/src/test-infrastructure.main.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const message = await new Promise<{ ready: boolean; infrastructure?: string; error?: string }>(
    (resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`test infrastructure exited (code ${code})`)));
    },
  );
  if (!message.ready || !message.infrastructure) {
    throw new Error(`test infrastructure did not start: ${message.error ?? 'unknown error'}`);
  }
  process.env.FPN_TEST_INFRASTRUCTURE = message.infrastructure;
  // Where test files list the processes they start (libs/testing app-process.ts), for teardown.
  process.env.FPN_TEST_PROCESSES_DIR = mkdtempSync(path.join(tmpdir(), 'fpn-test-processes-'));
  process.env.FPN_TEST_INFRASTRUCTURE_PID = String(child.pid);
  // Teardown ends it by pid; the open channel must not keep jest from exiting.
  child.unref();
  child.channel?.unref();
}
