import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext, ModuleMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { AppConfig } from '@fpn/config';
import { Clock, findFreePort } from '@fpn/core';
import { configureApiApp } from '../../../apps/api/src/bootstrap';
import { AppModule } from '../../../apps/api/src/app.module';
import { ApiHttpAdapter } from '../../../apps/api/src/http-adapter';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { AppProcess } from './app-process';
import { GraphqlTestClient } from './graphql-client';
import { TestClock } from './test-clock';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testInfrastructure } from './test-infrastructure';

export interface TestAppOptions {
  /** Start the worker too (default true): the api's readiness waits for its heartbeat. */
  worker?: boolean;
  /** Extra modules for the worker, e.g. a test sweeper. */
  workerImports?: ModuleMetadata['imports'];
  /** Environment overrides, as strings, the way an operator would set them. */
  env?: Record<string, string>;
}

export interface TestApp {
  config: AppConfig;
  /** The environment the app was configured from, as an operator would set it. */
  env: Record<string, string>;
  database: TestDatabase;
  clock: TestClock;
  api: NestExpressApplication;
  worker?: INestApplicationContext;
  /** Base URL of the running API, e.g. http://127.0.0.1:41234 */
  url: string;
  graphql: GraphqlTestClient;
  close(): Promise<void>;
}

/** The environment of one test file: its own database and Redis key/channel prefix. */
export function testEnv(database: TestDatabase, overrides: Record<string, string> = {}) {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.appUrl,
    DATABASE_MIGRATION_URL: database.ownerUrl,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: testInfrastructure().redisUrl,
    REDIS_PREFIX: `t${randomBytes(5).toString('hex')}`,
    WORKER_CONCURRENCY: '4',
    WORKER_HEARTBEAT_SECONDS: '1',
    // Local keys the worker makes for itself (the audit signing key) stay out of the repository.
    DATA_DIR: path.join(tmpdir(), 'fpn-test-data'),
    JWT_SECRET: randomBytes(32).toString('base64'),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // The OWASP floor: the cheapest Argon2id the configuration accepts.
    PASSWORD_HASH_MEMORY_KIB: '19456',
    PASSWORD_HASH_PASSES: '2',
    ...overrides,
  };
}

function withClock(builder: TestingModuleBuilder, clock: TestClock) {
  return builder.overrideProvider(Clock).useValue(clock);
}

/** Boots the real api (and worker) against real PostgreSQL and Redis, isolated for this file. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const env = testEnv(database, options.env);
  const config = AppConfig.fromEnv(env);
  const clock = new TestClock();
  const started: { close(): Promise<void> }[] = [];
  try {
    let worker: INestApplicationContext | undefined;
    if (options.worker !== false) {
      const workerModule = await withClock(
        Test.createTestingModule({
          imports: [WorkerModule.forRoot(config), ...(options.workerImports ?? [])],
        }),
        clock,
      ).compile();
      worker = await workerModule.init();
      started.push(worker);
    }
    const apiModule = await withClock(
      Test.createTestingModule({ imports: [AppModule.forRoot(config)] }),
      clock,
    ).compile();
    const api = apiModule.createNestApplication<NestExpressApplication>(new ApiHttpAdapter(), {
      bufferLogs: true,
    });
    configureApiApp(api, config);
    await api.listen(0, '127.0.0.1');
    started.push(api);
    const { port } = api.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    return {
      config,
      env,
      database,
      clock,
      api,
      worker,
      url,
      graphql: new GraphqlTestClient(`${url}/graphql`),
      close: () => closeAll(started, database, config),
    };
  } catch (error) {
    await closeAll(started, database, config);
    throw error;
  }
}

/** An API replica (`startApiReplica`): the process, and where it listens. */
export class ApiReplica extends AppProcess {
  readonly url: string;
  readonly graphql: GraphqlTestClient;

  constructor(
    env: Record<string, string>,
    readonly port: number,
  ) {
    super('api', { ...env, PORT: String(port) });
    this.url = `http://127.0.0.1:${port}`;
    this.graphql = new GraphqlTestClient(`${this.url}/graphql`);
  }
}

/**
 * A second API replica, as its own process (the compiled entry point) on the
 * same database and Redis prefix: what one replica knows through PostgreSQL or
 * Redis, the other must know too. It runs on the system clock. It logs to its
 * stdout (kept: `stdout`). `env` overrides the app's environment for this
 * process only.
 */
export async function startApiReplica(
  app: TestApp,
  options: { env?: Record<string, string> } = {},
): Promise<ApiReplica> {
  // Its log goes to its stdout, kept by the harness, even where the app's goes to LOG_FILE.
  const replica = new ApiReplica(
    { ...app.env, LOG_FILE: '', ...options.env },
    await findFreePort(),
  );
  // Generous: on a busy 2-core machine, three Nest processes booting at once take a while.
  const deadline = performance.now() + 45_000;
  for (;;) {
    if (replica.exited) throw new Error(`replica exited: ${replica.stderr}`);
    if (performance.now() > deadline) {
      await replica.kill();
      throw new Error(`replica not up: ${replica.stderr}`);
    }
    const up = await fetch(`${replica.url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return replica;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function closeAll(
  started: { close(): Promise<void> }[],
  database: TestDatabase,
  config: AppConfig,
) {
  for (const app of started.reverse()) await app.close();
  await database.drop();
  await deleteRedisKeys(config.redis.url, config.redis.prefix);
}

/** Removes everything this file wrote to the shared Redis. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
