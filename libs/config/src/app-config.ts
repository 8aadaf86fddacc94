import { appEnvSchema, type AppEnv } from './env-schema';
import { parseEnv } from './load-env';

/**
 * The validated configuration of the api and the worker, read once at boot.
 * Nothing else reads `process.env`.
 */
export class AppConfig {
  readonly environment: AppEnv['NODE_ENV'];
  readonly http: { host: string; port: number; bodyLimitBytes: number };
  readonly log: { level: AppEnv['LOG_LEVEL'] };
  readonly database: {
    url: string;
    migrationUrl: string;
    poolSize: number;
    connectTimeoutMs: number;
  };
  readonly redis: { url: string; prefix: string };
  readonly worker: { concurrency: number; heartbeatSeconds: number; sweepIntervalSeconds: number };

  constructor(env: AppEnv) {
    this.environment = env.NODE_ENV;
    this.http = { host: env.HOST, port: env.PORT, bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES };
    this.log = { level: env.LOG_LEVEL };
    this.database = {
      url: env.DATABASE_URL,
      migrationUrl: env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    };
    this.redis = { url: env.REDIS_URL, prefix: env.REDIS_PREFIX };
    this.worker = {
      concurrency: env.WORKER_CONCURRENCY,
      heartbeatSeconds: env.WORKER_HEARTBEAT_SECONDS,
      sweepIntervalSeconds: env.SWEEP_INTERVAL_SECONDS,
    };
  }

  static fromEnv(env: Record<string, string | undefined>): AppConfig {
    return new AppConfig(parseEnv(appEnvSchema, env));
  }
}
