import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueName } from '@fpn/queue';
import {
  dumpRedisKeys,
  eventually,
  startApiReplica,
  startPrivateRedis,
  startTestApp,
  startTogether,
  startTripwireProxy,
  startWorkerReplica,
  type PrivateRedis,
  type TestApp,
  TEST_PROCESSES_DIR_ENV,
} from '@fpn/testing';

const processesDir = () => process.env[TEST_PROCESSES_DIR_ENV]!;

/** The listed processes this jest worker started: other test files run beside this one. */
function ownProcesses(): string[] {
  return readdirSync(processesDir()).filter((pid) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) === process.pid;
    } catch {
      return false; // gone already
    }
  });
}

/** The harness the destructive tests stand on: a Redis to stop, processes to kill, logs to read. */
describe('reliability harness', () => {
  describe('a private redis-server', () => {
    let redis: PrivateRedis;
    let client: Redis;
    beforeAll(async () => {
      redis = await startPrivateRedis();
      client = new Redis(redis.url, { maxRetriesPerRequest: null });
      client.on('error', () => undefined);
    });
    afterAll(async () => {
      client?.disconnect();
      await redis?.close();
    });

    it('keeps its data across a clean stop and a crash, on the same port', async () => {
      await client.set('kept', 'through a stop');
      await redis.stop();
      expect(redis.running).toBe(false);
      const refused = new Redis(redis.url, { lazyConnect: true, retryStrategy: () => null });
      refused.on('error', () => undefined);
      await expect(refused.connect()).rejects.toThrow();
      refused.disconnect();

      await redis.start();
      expect(redis.running).toBe(true);
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      // The client waited and reconnected by itself, as the app's connections do.
      expect(await client.get('kept')).toBe('through a stop');

      await client.set('kept', 'through a crash');
      await redis.stop('SIGKILL');
      await redis.start();
      expect(await client.get('kept')).toBe('through a crash');
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual([
        'maxmemory-policy',
        'noeviction',
      ]);
    });

    it('dumps every key under a prefix with everything it holds, by type', async () => {
      await client.set('p:string', 'v-string');
      await client.hset('p:hash', 'field', 'v-hash');
      await client.rpush('p:list', 'v-list');
      await client.sadd('p:set', 'v-set');
      await client.zadd('p:zset', 1, 'v-zset');
      await client.xadd('p:stream', '*', 'field', 'v-stream');
      await client.set('other:string', 'not ours');
      const dump = await dumpRedisKeys(redis.url, 'p');
      expect(dump.map(({ key, type }) => `${key} ${type}`)).toEqual([
        'p:hash hash',
        'p:list list',
        'p:set set',
        'p:stream stream',
        'p:string string',
        'p:zset zset',
      ]);
      const values = dump.flatMap((key) => key.values.map((value) => value.toString()));
      for (const kind of ['string', 'hash', 'list', 'set', 'zset', 'stream']) {
        expect(values).toContain(`v-${kind}`);
      }
      expect(dump.every((key) => key.serialized && key.serialized.length > 0)).toBe(true);
    });
  });

  describe('replicas, their logs and the log file', () => {
    let app: TestApp;
    const logFile = path.join(tmpdir(), `fpn-harness-${randomBytes(4).toString('hex')}`, 'app.log');
    beforeAll(async () => {
      app = await startTestApp({
        worker: false,
        env: {
          LOG_LEVEL: 'debug',
          LOG_FILE: logFile,
          QUEUE_LOCK_DURATION_MS: '1500',
          QUEUE_STALLED_INTERVAL_MS: '500',
        },
      });
      // Replicas run on the system clock.
      app.clock.set(new Date());
    });
    afterAll(async () => {
      await app?.close();
      await rm(path.dirname(logFile), { recursive: true, force: true });
    });

    it('writes the in-process logs to LOG_FILE, and keeps what a replica writes', async () => {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'harness-request-1' },
        body: JSON.stringify({ query: '{ memberStates { code } }' }),
      });
      expect(response.status).toBe(200);
      const lines = (await readFile(logFile, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { service?: string; req?: { id?: string } });
      expect(lines).toContainEqual(
        expect.objectContaining({
          service: 'api',
          req: expect.objectContaining({ id: 'harness-request-1' }),
        }),
      );

      // A replica logs to stdout unless told otherwise; the harness keeps it.
      const replica = await startApiReplica(app);
      await fetch(`${replica.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'harness-request-2' },
        body: JSON.stringify({ query: '{ memberStates { code } }' }),
      });
      await eventually(() => (replica.stdout.includes('harness-request-2') ? true : undefined));
      await replica.kill();
      expect(replica.exited).toBe(true);
    });

    it('cuts a request through the tripwire proxy once the server has answered', async () => {
      const proxy = await startTripwireProxy(Number(new URL(app.url).port));
      try {
        let answered = false;
        const tripped = proxy.tripOnFirstResponseByte(() => {
          answered = true;
        });
        const query = () =>
          fetch(`${proxy.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', connection: 'close' },
            body: JSON.stringify({ query: '{ memberStates { code } }' }),
          });
        await expect(query()).rejects.toThrow();
        await tripped;
        expect(answered).toBe(true);
        // Tripped once: the next request goes through.
        expect((await query()).status).toBe(200);
      } finally {
        await proxy.close();
      }
    });

    it('starts processes together, and closes those that started when one fails', async () => {
      const before = ownProcesses();
      await expect(
        startTogether([startWorkerReplica(app), Promise.reject(new Error('no second one'))]),
      ).rejects.toThrow('no second one');
      // The worker that did start is gone again.
      expect(ownProcesses()).toEqual(before);
    });

    it('a job held by a worker that died runs on another worker within seconds', async () => {
      const connection = new Redis(app.config.redis.url, { maxRetriesPerRequest: null });
      const prefix = `${app.config.redis.prefix}:bull`;
      const queue = new Queue(QueueName.Maintenance, { connection, prefix });
      // A worker of the test's own takes the job and then "dies": it stops renewing its lock.
      const dying = new Worker(QueueName.Maintenance, null, {
        connection,
        prefix,
        lockDuration: 2_000,
        autorun: false,
      });
      try {
        // Only our job in the queue: no sweep scheduled by a worker started earlier.
        await queue.removeJobScheduler('deadline-sweep');
        await queue.drain(true);
        const added = await queue.add('sweep', { trigger: 'manual' });
        const job = (await dying.getNextJob('dying-worker'))!;
        expect(job.id).toBe(added.id);
        const renewing = setInterval(() => void job.extendLock('dying-worker', 2_000), 500);
        // The worker replica starts while the job's lock is held, so its start-up check leaves it alone…
        const worker = await startWorkerReplica(app).finally(() => clearInterval(renewing));
        try {
          const diedAt = performance.now();
          // …and only QUEUE_STALLED_INTERVAL_MS (not BullMQ's 30 s) brings it back once the lock lapses.
          await eventually(async () => ((await job.isCompleted()) ? true : undefined), 8_000);
          expect(performance.now() - diedAt).toBeLessThan(6_000);
          expect(worker.stdout).toContain('"service":"worker"');
          // Listed for the global teardown while it runs.
          expect(existsSync(path.join(processesDir(), String(worker.pid)))).toBe(true);
        } finally {
          await worker.kill('SIGKILL');
        }
        expect(worker.exited).toBe(true);
        expect(existsSync(path.join(processesDir(), String(worker.pid)))).toBe(false);
      } finally {
        await dying.close(true);
        await queue.close();
        connection.disconnect();
      }
    });
  });
});
