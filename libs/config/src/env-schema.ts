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

/** HMAC key for access tokens: at least 32 random bytes, base64 or base64url. */
const jwtSecret = z
  .string()
  .refine(
    (value) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length >= 32,
    {
      message: 'must be at least 32 random bytes, base64-encoded',
    },
  );

/** How many bytes a hex or base64 key decodes to (0 when it is neither). */
function auditPublicKeyBytes(value: string): number {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return 32;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return 0;
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').length;
}

/** A 32-byte symmetric key, base64: seals TOTP seeds at rest. */
const exactKey = z.string().refine((value) => Buffer.from(value, 'base64').length === 32, {
  message: 'must be exactly 32 random bytes, base64-encoded',
});

/** An SMTP relay: smtp:// (STARTTLS when offered) or smtps:// (TLS); may carry user:password. */
const smtpUrl = z
  .string()
  .refine((value) => /^smtps?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: 'must be an smtp:// or smtps:// URL',
  });

const httpUrl = z
  .string()
  .refine((value) => /^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: 'must be an http:// or https:// URL',
  });

/** Whether this Node.js knows the IANA time zone. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

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
  /** Unset: logs go to stdout. Set: appended to this file (created with its folder), e.g. for a test to read. */
  LOG_FILE: z.string().min(1).optional(),
  DATABASE_URL: postgresUrl,
  DATABASE_MIGRATION_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: positiveInt(200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt(120_000).default(5_000),
  /** `false` behind a pooler that cannot keep named statements (PgBouncer in transaction mode before 1.21). */
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  /**
   * Roster answers (pages, counts, networks, an account's own entry) each api process keeps across
   * requests, counted in entries, until the directory next changes; 0: none kept (docs/directory.md).
   */
  DIRECTORY_CACHE_ENTRIES: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .max(1_000_000, 'must be at most 1000000')
    .default(10_000),
  REDIS_URL: redisUrl,
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, 'must be 1-41 characters of a-z, 0-9, _ or -')
    .default('fpn'),
  WORKER_CONCURRENCY: positiveInt(256).default(16),
  WORKER_HEARTBEAT_SECONDS: positiveInt(3600).default(5),
  SWEEP_INTERVAL_SECONDS: positiveInt(3600).default(30),
  /**
   * How long a worker holds a job's lock without renewing it (renewed every half of it). A worker
   * that dies holding jobs loses them to another after at most this plus QUEUE_STALLED_INTERVAL_MS.
   * The defaults are BullMQ's; tests shorten both.
   */
  QUEUE_LOCK_DURATION_MS: positiveInt(3_600_000).default(30_000),
  /** How often each worker looks for jobs whose lock expired (a dead worker's) and queues them again. */
  QUEUE_STALLED_INTERVAL_MS: positiveInt(3_600_000).default(30_000),
  HTTP_BODY_LIMIT_BYTES: positiveInt(100 * 1024 * 1024).default(1024 * 1024),
  /** API processes serving PORT together (node:cluster replicas; docs/architecture.md). */
  API_PROCESSES: positiveInt(64).default(1),
  /** Where development and test keep generated files (the audit signing key); `npm start`'s data. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** The audit signing key (a 32-byte Ed25519 seed, base64 or hex); required in production. */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** The audit public key `audit:verify` checks checkpoints with (base64 or hex). */
  AUDIT_PUBLIC_KEY: z
    .string()
    .refine((value) => auditPublicKeyBytes(value) === 32, {
      message: 'must be a 32-byte Ed25519 public key, base64 or hex',
    })
    .optional(),
  AUDIT_CHAIN_INTERVAL_SECONDS: positiveInt(3600).default(2),
  AUDIT_CHECKPOINT_INTERVAL_SECONDS: positiveInt(86_400).default(300),
  GRAPHQL_MAX_DEPTH: positiveInt(100).default(10),
  GRAPHQL_MAX_ALIASES: positiveInt(1000).default(15),
  GRAPHQL_MAX_COST: positiveInt(1_000_000).default(5000),
  GRAPHQL_MAX_TOKENS: positiveInt(100_000).default(2000),
  GRAPHQL_MAX_DIRECTIVES: positiveInt(1000).default(10),
  JWT_SECRET: jwtSecret,
  JWT_ISSUER: z.string().min(1).default('focal-points-network'),
  MFA_ENCRYPTION_KEY: exactKey,
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(900).default(600),
  SESSION_TTL_DAYS: positiveInt(90).default(14),
  INVITATION_TTL_HOURS: positiveInt(336).default(72),
  PASSWORD_HASH_MEMORY_KIB: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(19_456, 'must be at least 19456 (OWASP: 19 MiB)')
    .max(4_194_304, 'must be at most 4194304')
    .default(65_536),
  PASSWORD_HASH_PASSES: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(2, 'must be at least 2 (OWASP)')
    .max(20, 'must be at most 20')
    .default(3),
  PASSWORD_HASH_THREADS: positiveInt(64).default(2),
  PASSWORD_HASH_QUEUE: positiveInt(10_000).default(32),
  SIGNIN_FREE_ATTEMPTS_PER_ACCOUNT: positiveInt(100).default(5),
  SIGNIN_FREE_ATTEMPTS_PER_ADDRESS: positiveInt(10_000).default(30),
  SIGNIN_DELAY_BASE_SECONDS: positiveInt(3600).default(2),
  SIGNIN_DELAY_MAX_SECONDS: positiveInt(86_400).default(900),
  /** Unset: e-mails are written as .eml files into MAIL_OUTBOX_DIR instead of being sent. */
  SMTP_URL: smtpUrl.optional(),
  /** Default `<DATA_DIR>/outbox`. */
  MAIL_OUTBOX_DIR: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default('Focal Points Network <no-reply@fpn.localhost>'),
  /** The address users open; links in e-mails start with it. Default `http://localhost:<PORT>`. */
  PUBLIC_URL: httpUrl.optional(),
  MAIL_MAX_ATTEMPTS: positiveInt(100).default(8),
  /** The largest encrypted message body (the envelope's ciphertext) a send accepts, in bytes. */
  MESSAGE_MAX_CIPHERTEXT_BYTES: positiveInt(64 * 1024 * 1024).default(256 * 1024),
  /** Tries of a message's fan-out job (waits double from MESSAGE_DELIVERY_BACKOFF_MS) before it is `failed`. */
  MESSAGE_DELIVERY_ATTEMPTS: positiveInt(100).default(10),
  MESSAGE_DELIVERY_BACKOFF_MS: positiveInt(3_600_000).default(1000),
  /** How often the worker's relay looks for outbox rows even without a PostgreSQL NOTIFY. */
  MESSAGE_RELAY_POLL_MS: positiveInt(3_600_000).default(1000),
  /** A message queued this long ago and still in the outbox is queued again (its job may be lost). */
  MESSAGE_RELAY_LEASE_MS: positiveInt(86_400_000).default(60_000),
  /**
   * Test only: webhooks may be http:// and point at loopback or private addresses (a receiver in
   * the test). Refused in production.
   */
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
  /** How long a webhook delivery is retried (by the injected clock) before it is kept as failed. */
  WEBHOOK_RETRY_HOURS: positiveInt(168).default(24),
  /** The first wait before a webhook delivery is tried again; each later wait doubles (capped at 1 h). */
  WEBHOOK_BACKOFF_SECONDS: positiveInt(3600).default(30),
  /** How long one webhook POST may take, connecting included. */
  WEBHOOK_TIMEOUT_MS: positiveInt(120_000).default(10_000),
  /** The largest attachment blob (its ciphertext, docs/attachments.md) an upload may declare, in bytes. */
  ATTACHMENT_MAX_BYTES: positiveInt(2 ** 31 - 1).default(256 * 1024 * 1024),
  /** Uploads one account may have unfinished at a time. */
  ATTACHMENT_MAX_UNFINISHED_UPLOADS: positiveInt(1000).default(10),
  /** Attachments one message may carry. */
  ATTACHMENT_MAX_PER_MESSAGE: positiveInt(1000).default(20),
  /** An upload not linked to a message this long after it began is removed (by the injected clock). */
  ATTACHMENT_UNLINKED_HOURS: positiveInt(24 * 30).default(24),
  /** The series numbered notes are issued in unless another is named (docs/workflows.md), e.g. NCT/G. */
  NOTES_DEFAULT_SERIES: z
    .string()
    .regex(
      /^[A-Z][A-Z0-9]*(?:[/-][A-Z0-9]+)*$/,
      'must be upper-case letters and digits in parts joined by / or -',
    )
    .max(32, 'must be at most 32 characters')
    .default('NCT/G'),
  /** The IANA time zone of the Secretariat's seat (Astana): notes are dated and numbered by its year there. */
  SECRETARIAT_SEAT_TIME_ZONE: z
    .string()
    .refine(isTimeZone, { message: 'must be an IANA time zone, e.g. Asia/Almaty' })
    .default('Asia/Almaty'),
});

export const API_HEAP_MB_DEFAULT = 256;

/** The launcher (`npm start`) starts PostgreSQL and Redis itself when their URLs are unset. */
export const launcherEnvSchema = appEnvSchema.extend({
  DATABASE_URL: postgresUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  /** Generated into DATA_DIR on first start when unset. */
  JWT_SECRET: jwtSecret.optional(),
  MFA_ENCRYPTION_KEY: exactKey.optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  STARTUP_TIMEOUT_SECONDS: positiveInt(600).default(60),
  /** Each API process's heap for long-lived objects, in MB (`apiHeapArgs`). */
  API_HEAP_MB: positiveInt(65_536).default(API_HEAP_MB_DEFAULT),
});

/**
 * The Node.js options an API process runs with. V8 sizes a heap by the
 * machine's memory and, under load, lets garbage pile up to hundreds of MB
 * before collecting it; a budget makes it collect as it goes. What the api
 * keeps alive (sessions being checked, sockets, a few caches) is far below it;
 * a busy api stays around 250 MB instead of 400–600.
 */
export function apiHeapArgs(megabytes: number): string[] {
  return [`--max-old-space-size=${megabytes}`];
}

export type AppEnv = z.infer<typeof appEnvSchema>;
export type LauncherEnv = z.infer<typeof launcherEnvSchema>;
