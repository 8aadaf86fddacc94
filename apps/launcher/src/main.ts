import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import { apiHeapArgs, launcherEnvSchema, parseEnv } from '@fpn/config';
import { bootOrExit, isPortInUse, isProcessAlive, readPidFile } from '@fpn/core';
import { assertDatabaseReachable, runMigrations, startLocalDatabase } from '@fpn/database';
import { assertRedisReachable, startLocalRedis } from '@fpn/queue';
import { startChild, type ManagedChild } from './child-process';
import { localSecret } from './local-secret';
import { waitUntilReady } from './readiness';

const say = (line: string) => process.stdout.write(`▸ ${line}\n`);

/**
 * `npm start`: everything the server needs on one machine. Starts embedded
 * PostgreSQL and a local Redis unless DATABASE_URL / REDIS_URL are set, applies
 * migrations, runs the api and the worker, and stops it all on Ctrl-C.
 */
void bootOrExit('npm start', async (cleanups) => {
  const started = performance.now();
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = parseEnv(launcherEnvSchema, process.env);
  const dataDir = path.resolve(env.DATA_DIR);
  await mkdir(dataDir, { recursive: true });

  const pidFile = path.join(dataDir, 'launcher.pid');
  const other = await readPidFile(pidFile);
  if (other && other !== process.pid && isProcessAlive(other)) {
    throw new Error(`another npm start (pid ${other}) is using ${env.DATA_DIR}; stop it first`);
  }
  await writeFile(pidFile, `${process.pid}\n`);
  cleanups.push(() => rm(pidFile, { force: true }));

  if (await isPortInUse(env.PORT, env.HOST)) {
    throw new Error(`port ${env.PORT} on ${env.HOST} is already in use (set PORT to another port)`);
  }

  let databaseUrl = env.DATABASE_URL;
  let migrationUrl = env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL;
  if (databaseUrl) {
    await assertDatabaseReachable(databaseUrl);
    say('PostgreSQL: using DATABASE_URL');
  } else {
    const database = await startLocalDatabase({
      dataDir: path.join(dataDir, 'postgres'),
      database: 'fpn',
      onNote: say,
    });
    cleanups.push(() => database.stop());
    databaseUrl = database.appUrl;
    migrationUrl = database.ownerUrl;
    say(
      `PostgreSQL 18 (embedded) on ${new URL(database.appUrl).host}, data in ${env.DATA_DIR}/postgres`,
    );
  }

  let redisUrl = env.REDIS_URL;
  if (redisUrl) {
    await assertRedisReachable(redisUrl);
    say('Redis: using REDIS_URL');
  } else {
    const redis = await startLocalRedis({ dataDir: path.join(dataDir, 'redis'), onNote: say });
    cleanups.push(() => redis.stop());
    redisUrl = redis.url;
    say(`Redis (local redis-server) on 127.0.0.1:${redis.port}, data in ${env.DATA_DIR}/redis`);
  }

  const applied = await runMigrations(migrationUrl!);
  say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: up to date');

  const childEnv = {
    ...process.env,
    JWT_SECRET: env.JWT_SECRET ?? (await localSecret(path.join(dataDir, 'secrets', 'jwt-secret'))),
    MFA_ENCRYPTION_KEY:
      env.MFA_ENCRYPTION_KEY ??
      (await localSecret(path.join(dataDir, 'secrets', 'mfa-encryption-key'))),
    DATABASE_URL: databaseUrl,
    DATABASE_MIGRATION_URL: migrationUrl,
    REDIS_URL: redisUrl,
  };
  // For `npm run cli` while this runs: where the local servers are (mode 600, removed on stop).
  const runtimeEnv = path.join(dataDir, 'runtime.env');
  await writeFile(
    runtimeEnv,
    `DATABASE_URL=${databaseUrl}\nDATABASE_MIGRATION_URL=${migrationUrl}\nREDIS_URL=${redisUrl}\n`,
    { mode: 0o600 },
  );
  cleanups.push(() => rm(runtimeEnv, { force: true }));

  const dist = path.resolve(__dirname, '../..');
  const children: ManagedChild[] = [
    startChild('worker', path.join(dist, 'worker/src/main.js'), childEnv),
    // API_PROCESSES replicas inherit the options of the process that forks them.
    startChild('api', path.join(dist, 'api/src/main.js'), childEnv, apiHeapArgs(env.API_HEAP_MB)),
  ];
  cleanups.push(() => Promise.all(children.map((child) => child.stop())));

  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    for (const cleanup of [...cleanups].reverse()) await cleanup().catch(() => undefined);
  };
  exitHook.forceExitTimeout(30_000);
  // On the process's own 'exit' (after process.exit) the hook runs synchronously, without a callback.
  exitHook((done?: () => void) => {
    if (stopping) return done?.();
    say('stopping…');
    void stopAll().then(() => {
      say('stopped');
      done?.();
    });
  });
  for (const child of children) {
    void child.exited.then(async (code) => {
      if (stopping) return;
      process.stderr.write(`npm start: ${child.name} exited (code ${code}); stopping everything\n`);
      await stopAll();
      process.exit(1);
    });
  }

  const base = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`;
  await waitUntilReady(`${base}/health/ready`, env.STARTUP_TIMEOUT_SECONDS * 1000, () => stopping);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  say(
    `ready in ${seconds} s — GraphQL ${base}/graphql · health ${base}/health/ready · Ctrl-C stops`,
  );
});
