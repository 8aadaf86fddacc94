import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort } from '@fpn/core';
import { ensureRedisServerBinary, queueRedisArgs } from '@fpn/queue';
import { TestProcess } from './app-process';

/** A redis-server of one test's own (`startPrivateRedis`), to stop and start again. */
export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>`: what REDIS_URL is set to. It stays the same across restarts. */
  url: string;
  port: number;
  /** Where the append-only file lives; a restart reads it back. */
  dataDir: string;
  readonly running: boolean;
  /** The server's own output so far (warnings; its start-up errors), across restarts. */
  readonly output: string;
  /**
   * Stops the server and waits until it has exited. SIGTERM (the default) is a
   * clean shutdown that flushes the append-only file; SIGKILL is a crash.
   */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data folder; resolves when it answers PING. */
  start(): Promise<void>;
  /** Stops it if it runs and deletes its data. */
  close(): Promise<void>;
}

/**
 * A redis-server for a test that stops or crashes Redis, so the run's shared
 * Redis is never touched: configured as ours is for a queue (AOF on, no RDB
 * snapshots, `noeviction`, loopback only), on a free port, with its data in a
 * temporary folder that survives `stop()` and `start()`.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const binary = ensureRedisServerBinary();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fpn-private-redis-'));
  const port = await findFreePort();
  const url = `redis://127.0.0.1:${port}`;
  const args = queueRedisArgs({ port, dataDir });
  let server: TestProcess | undefined;
  let earlierOutput = '';

  const start = async () => {
    if (server && !server.exited) return;
    if (server) earlierOutput += server.stdout + server.stderr;
    const started = new TestProcess(binary, args, { PATH: process.env.PATH });
    server = started;
    try {
      await waitForPing(url, started, 15_000);
    } catch (error) {
      await started.kill();
      const last = (started.stdout + started.stderr).trim().split('\n').slice(-1)[0];
      throw new Error(`private redis-server did not start on port ${port}: ${last}`, {
        cause: error,
      });
    }
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    await server?.kill(signal);
  };

  try {
    await start();
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    port,
    dataDir,
    get running() {
      return server !== undefined && !server.exited;
    },
    get output() {
      return earlierOutput + (server ? server.stdout + server.stderr : '');
    },
    stop,
    start,
    close: async () => {
      await stop('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(url: string, server: TestProcess, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (server.exited) throw new Error('redis-server exited');
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      // Loading the append-only file answers LOADING until it is done.
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // not listening yet, or still loading
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out waiting for PING');
}
