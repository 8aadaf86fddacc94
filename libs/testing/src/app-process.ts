import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';

/** Set by jest's global setup: a folder with one file per running test process, named by pid. */
export const TEST_PROCESSES_DIR_ENV = 'FPN_TEST_PROCESSES_DIR';

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * No process a test started outlives the run, whatever happens to the test: a
 * failed start before its afterAll ran, a timeout, a jest worker killed. While
 * it runs, its pid and command are listed in TEST_PROCESSES_DIR_ENV, where the
 * global teardown kills what is left; a jest worker that exits normally kills
 * its own leftovers at once.
 */
function killOnExit(child: ChildProcess, command: string) {
  const listed =
    process.env[TEST_PROCESSES_DIR_ENV] && child.pid
      ? path.join(process.env[TEST_PROCESSES_DIR_ENV]!, String(child.pid))
      : undefined;
  if (listed) writeFileSync(listed, command);
  running.add(child);
  child.once('exit', () => {
    running.delete(child);
    if (listed) rmSync(listed, { force: true });
  });
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const leftover of running) leftover.kill('SIGKILL');
  });
}

/**
 * A process a test started (one of our entry points, a redis-server) and may
 * stop, kill or freeze. What it writes is read as it comes, so it never blocks,
 * and kept for the test to search.
 */
export class TestProcess {
  private readonly child: ChildProcess;
  private readonly exit: Promise<void>;
  private out = '';
  private err = '';

  constructor(command: string, args: string[], env: Record<string, string | undefined>) {
    this.child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    killOnExit(this.child, command);
    this.exit = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdout?.on('data', (chunk: Buffer) => (this.out += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.err += chunk.toString()));
    // A process a failed test never closed must not keep jest from exiting (it is killed then).
    this.child.unref();
    for (const pipe of [this.child.stdout, this.child.stderr]) (pipe as Socket | null)?.unref();
    // A program that cannot be started fails here; say why in its output.
    this.child.on('error', (error) => (this.err += `${error.message}\n`));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Everything the process wrote to stdout so far (our logs: JSON lines). */
  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  /** True once it has exited, whatever the cause. */
  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Sends the signal (default SIGKILL: "kill -9") and waits until the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.exited) return;
    // A frozen process acts on nothing but SIGKILL until it runs again.
    if (signal !== 'SIGKILL') this.child.kill('SIGCONT');
    this.child.kill(signal);
    await this.exit;
  }

  /** Freezes the process (SIGSTOP): it keeps its sockets open and does nothing. */
  pause(): void {
    if (!this.exited) this.child.kill('SIGSTOP');
  }

  /** Lets a frozen process run again (SIGCONT). */
  resume(): void {
    if (!this.exited) this.child.kill('SIGCONT');
  }

  /** Shuts it down as an operator would (SIGTERM); SIGKILL if it is still there after 10 s. */
  async close(): Promise<void> {
    if (this.exited) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    try {
      await this.kill('SIGTERM');
    } finally {
      clearTimeout(timer);
    }
  }
}

/** One of our compiled entry points, `dist/apps/<app>/src/main.js` (jest's global setup builds it). */
export class AppProcess extends TestProcess {
  constructor(app: 'api' | 'worker', env: Record<string, string>) {
    const entry = path.resolve(__dirname, `../../../dist/apps/${app}/src/main.js`);
    super(process.execPath, [entry], { PATH: process.env.PATH, ...env });
  }
}

/**
 * Starts several processes side by side (replicas, workers): if one fails to
 * start, those that did are closed before the failure is passed on, so a test
 * whose set-up failed leaves nothing running.
 */
export async function startTogether<T extends readonly TestProcess[]>(starts: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(starts as readonly Promise<TestProcess>[]);
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(
      settled.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)),
    );
    throw failure.reason;
  }
  return settled.map(
    (result) => (result as PromiseFulfilledResult<TestProcess>).value,
  ) as unknown as T;
}
