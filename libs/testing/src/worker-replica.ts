import { Redis } from 'ioredis';
import { WORKER_HEARTBEAT_KEY } from '@fpn/queue';
import { AppProcess } from './app-process';
import type { TestApp } from './test-app';

/** A worker of `startWorkerReplica`: a process of its own, to kill in the middle of its work. */
export class WorkerReplica extends AppProcess {
  constructor(env: Record<string, string>) {
    super('worker', env);
  }

  /** Its queue workers run: it said so in its log. */
  get started(): boolean {
    return this.stdout.includes('"msg":"queue workers started"');
  }
}

/** Levels at which the worker logs that its queue workers started (an info line). */
const SHOWS_INFO = ['trace', 'debug', 'info'];

/**
 * Another worker, as its own process (the compiled entry point) on the app's
 * database and Redis prefix: it takes jobs from the same queues as every other
 * worker. It runs on the system clock. Its log goes to its stdout (kept, see
 * TestProcess), at the app's LOG_LEVEL or `info` if that is quieter, and LOG_FILE
 * unset; `env` overrides the app's environment for this process only.
 *
 * Resolves once its queue workers run: when it logged so, or (if its log goes
 * elsewhere) when the heartbeat key names its pid — which several workers
 * starting together overwrite in turn, so the log line is the dependable sign.
 */
export async function startWorkerReplica(
  app: TestApp,
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<WorkerReplica> {
  const level = app.env.LOG_LEVEL ?? 'info';
  const env: Record<string, string> = {
    ...app.env,
    LOG_LEVEL: SHOWS_INFO.includes(level) ? level : 'info',
    LOG_FILE: '',
    ...options.env,
  };
  const worker = new WorkerReplica(env);
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const heartbeatKey = `${env.REDIS_PREFIX}:${WORKER_HEARTBEAT_KEY}`;
  const deadline = performance.now() + (options.timeoutMs ?? 45_000);
  try {
    for (;;) {
      if (worker.exited) throw new Error(`worker exited: ${worker.stderr}`);
      if (worker.started) return worker;
      if (performance.now() > deadline) {
        await worker.kill();
        throw new Error(`worker not up: ${worker.stderr}`);
      }
      const beat = await redis.get(heartbeatKey).catch(() => null);
      if (beat && (JSON.parse(beat) as { pid?: number }).pid === worker.pid) return worker;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    redis.disconnect();
  }
}
