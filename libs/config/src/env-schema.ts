import { z } from 'zod';

const port = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a port number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: 'must be a postgres:// URL',
  });

const redisUrl = z
  .string()
  .refine((value) => /^rediss?:\/\/[^\s]*$/.test(value) && URL.canParse(value), {
    message: 'must be a redis:// or rediss:// URL',
  });

const positiveInt = (max: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`);

/** Every variable the api and the worker read. `.env.example` documents each one. */
export const appEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: postgresUrl,
  DATABASE_MIGRATION_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: positiveInt(200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt(120_000).default(5_000),
  REDIS_URL: redisUrl,
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, 'must be 1-41 characters of a-z, 0-9, _ or -')
    .default('fpn'),
  WORKER_CONCURRENCY: positiveInt(256).default(16),
  WORKER_HEARTBEAT_SECONDS: positiveInt(3600).default(5),
  SWEEP_INTERVAL_SECONDS: positiveInt(3600).default(30),
  HTTP_BODY_LIMIT_BYTES: positiveInt(100 * 1024 * 1024).default(1024 * 1024),
});

/** The launcher (`npm start`) starts PostgreSQL and Redis itself when their URLs are unset. */
export const launcherEnvSchema = appEnvSchema.extend({
  DATABASE_URL: postgresUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  STARTUP_TIMEOUT_SECONDS: positiveInt(600).default(60),
});

export type AppEnv = z.infer<typeof appEnvSchema>;
export type LauncherEnv = z.infer<typeof launcherEnvSchema>;
