import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort, isProcessAlive, readPidFile, waitForExit } from '@fpn/core';

export interface LocalRedisOptions {
  dataDir: string;
  /** Throwaway servers (tests) are deleted on stop. */
  throwaway?: boolean;
  onNote?: (line: string) => void;
}

export interface RunningRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'redis-server not found: install it (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL';

/** Finds `redis-server`, installing Debian's package where we are root and apt-get exists. */
export function ensureRedisServerBinary(note: (line: string) => void = () => undefined): string {
  const found = which('redis-server');
  if (found) return found;
  if (process.getuid?.() === 0 && which('apt-get')) {
    note('redis-server is missing: installing the Debian package redis-server with apt-get');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    const install =
      update.status === 0 &&
      spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'ignore', env });
    const installed = install && install.status === 0 ? which('redis-server') : undefined;
    if (installed) return installed;
  }
  throw new Error(INSTALL_HINT);
}

/**
 * redis-server's arguments for a queue, not a cache: AOF on (fsync every
 * second, or never for a throwaway), no RDB snapshots, `noeviction` (a full
 * Redis refuses writes rather than dropping jobs), loopback only, in the
 * foreground.
 */
export function queueRedisArgs(options: {
  port: number;
  dataDir: string;
  pidFile?: string;
  appendfsync?: 'everysec' | 'no';
}): string[] {
  return [
    '--port',
    String(options.port),
    '--bind',
    '127.0.0.1',
    '--protected-mode',
    'yes',
    '--dir',
    options.dataDir,
    ...(options.pidFile ? ['--pidfile', options.pidFile] : []),
    '--appendonly',
    'yes',
    '--appendfsync',
    options.appendfsync ?? 'everysec',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
    '--loglevel',
    'warning',
    '--daemonize',
    'no',
  ];
}

/**
 * A local redis-server configured for a queue, not a cache: AOF on,
 * `noeviction`, loopback only, on a free port.
 */
export async function startLocalRedis(options: LocalRedisOptions): Promise<RunningRedis> {
  const note = options.onNote ?? (() => undefined);
  const binary = ensureRedisServerBinary(note);
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, 'redis.pid');
  await stopOrphan(pidFile, note);

  const port = await findFreePort();
  const child = spawn(
    binary,
    queueRedisArgs({
      port,
      dataDir,
      pidFile,
      appendfsync: options.throwaway ? 'no' : 'everysec',
    }),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitForRedis(url, child, 15_000);
  } catch (error) {
    child.kill('SIGKILL');
    const last = output.join('').trim().split('\n').slice(-1)[0];
    throw new Error(`redis-server did not start${last ? `: ${last}` : ''}`, { cause: error });
  }

  return {
    url,
    port,
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        child.kill('SIGTERM');
        await waitForExit(child.pid, 10_000);
      }
      if (options.throwaway) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForRedis(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // not yet listening
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out waiting for PING');
}

async function stopOrphan(pidFile: string, note: (line: string) => void) {
  const pid = await readPidFile(pidFile);
  if (!pid || !isProcessAlive(pid)) return;
  note(`stopping redis-server (pid ${pid}) left running by an earlier run`);
  process.kill(pid, 'SIGTERM');
  await waitForExit(pid, 10_000);
}

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin']) {
    const candidate = path.join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
