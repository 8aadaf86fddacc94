import path from 'node:path';
import { appEnvSchema, type AppEnv } from './env-schema';
import { ConfigError, parseEnv } from './load-env';

/**
 * The validated configuration of the api and the worker, read once at boot.
 * Nothing else reads `process.env`.
 */
export class AppConfig {
  readonly environment: AppEnv['NODE_ENV'];
  readonly http: { host: string; port: number; bodyLimitBytes: number; processes: number };
  /** Limits every GraphQL document must meet before any resolver runs. */
  readonly graphql: {
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    maxTokens: number;
    maxDirectives: number;
  };
  /** `file` unset: stdout. */
  readonly log: { level: AppEnv['LOG_LEVEL']; file?: string };
  readonly database: {
    url: string;
    migrationUrl: string;
    poolSize: number;
    connectTimeoutMs: number;
    /** Statements a connection runs again and again are prepared (`preparingClient`). */
    preparedStatements: boolean;
  };
  /** Reading the directory (docs/directory.md). */
  readonly directory: {
    /** Entries of roster answers kept across requests by each api process; 0: none. */
    cacheEntries: number;
  };
  readonly redis: { url: string; prefix: string };
  readonly worker: {
    concurrency: number;
    heartbeatSeconds: number;
    sweepIntervalSeconds: number;
    /** BullMQ's job lock and stalled-job check, given to every Worker. */
    lockDurationMs: number;
    stalledIntervalMs: number;
  };
  /** Where development and test keep generated files. */
  readonly dataDir: string;
  readonly audit: {
    /** Unset: development and test generate `<dataDir>/audit-signing.key`; production refuses. */
    signingKeyFile?: string;
    publicKey?: string;
    chainIntervalSeconds: number;
    checkpointIntervalSeconds: number;
  };
  readonly auth: {
    jwtSecret: string;
    mfaEncryptionKey: string;
    issuer: string;
    accessTokenTtlSeconds: number;
    sessionTtlDays: number;
    /** How long an invitation or reset link works. */
    invitationTtlHours: number;
  };
  readonly passwords: { memoryKib: number; passes: number; threads: number; queue: number };
  readonly signIn: {
    perAccountFree: number;
    perAddressFree: number;
    baseDelaySeconds: number;
    maxDelaySeconds: number;
  };
  /** Content-free e-mail (docs/notifications.md). */
  readonly mail: {
    /** Unset: messages are written into `outboxDir`. Carries credentials: never log it. */
    smtpUrl?: string;
    outboxDir: string;
    from: string;
    /** The web address users open, without a trailing slash. */
    publicUrl: string;
    maxAttempts: number;
  };
  /** Messaging (docs/messaging.md). */
  readonly messaging: {
    maxCiphertextBytes: number;
    deliveryAttempts: number;
    deliveryBackoffMs: number;
    relayPollMs: number;
    relayLeaseMs: number;
  };
  /** Ministry webhooks (docs/webhooks.md). */
  readonly webhooks: {
    /** Test only: http:// and loopback or private targets; refused in production. */
    allowPrivateTargets: boolean;
    retryHours: number;
    backoffSeconds: number;
    timeoutMs: number;
  };
  /** Encrypted attachments (docs/attachments.md). */
  readonly attachments: {
    /** The largest blob (ciphertext) an upload may declare. */
    maxBytes: number;
    maxUnfinishedUploads: number;
    maxPerMessage: number;
    unlinkedHours: number;
  };
  /** Numbered notes (docs/workflows.md). */
  readonly notes: {
    /** The series a note is issued in unless another is named. */
    defaultSeries: string;
    /** The IANA zone of the Secretariat's seat: a note's date and year are taken there. */
    seatTimeZone: string;
  };

  constructor(env: AppEnv) {
    this.environment = env.NODE_ENV;
    this.http = {
      host: env.HOST,
      port: env.PORT,
      bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
      processes: env.API_PROCESSES,
    };
    this.graphql = {
      maxDepth: env.GRAPHQL_MAX_DEPTH,
      maxAliases: env.GRAPHQL_MAX_ALIASES,
      maxCost: env.GRAPHQL_MAX_COST,
      maxTokens: env.GRAPHQL_MAX_TOKENS,
      maxDirectives: env.GRAPHQL_MAX_DIRECTIVES,
    };
    this.log = { level: env.LOG_LEVEL, file: env.LOG_FILE && path.resolve(env.LOG_FILE) };
    this.database = {
      url: env.DATABASE_URL,
      migrationUrl: env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      preparedStatements: env.DATABASE_PREPARED_STATEMENTS === 'true',
    };
    this.redis = { url: env.REDIS_URL, prefix: env.REDIS_PREFIX };
    this.worker = {
      concurrency: env.WORKER_CONCURRENCY,
      heartbeatSeconds: env.WORKER_HEARTBEAT_SECONDS,
      sweepIntervalSeconds: env.SWEEP_INTERVAL_SECONDS,
      lockDurationMs: env.QUEUE_LOCK_DURATION_MS,
      stalledIntervalMs: env.QUEUE_STALLED_INTERVAL_MS,
    };
    this.dataDir = env.DATA_DIR;
    this.audit = {
      signingKeyFile: env.AUDIT_SIGNING_KEY_FILE,
      publicKey: env.AUDIT_PUBLIC_KEY,
      chainIntervalSeconds: env.AUDIT_CHAIN_INTERVAL_SECONDS,
      checkpointIntervalSeconds: env.AUDIT_CHECKPOINT_INTERVAL_SECONDS,
    };
    this.auth = {
      jwtSecret: env.JWT_SECRET,
      mfaEncryptionKey: env.MFA_ENCRYPTION_KEY,
      issuer: env.JWT_ISSUER,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      sessionTtlDays: env.SESSION_TTL_DAYS,
      invitationTtlHours: env.INVITATION_TTL_HOURS,
    };
    this.passwords = {
      memoryKib: env.PASSWORD_HASH_MEMORY_KIB,
      passes: env.PASSWORD_HASH_PASSES,
      threads: env.PASSWORD_HASH_THREADS,
      queue: env.PASSWORD_HASH_QUEUE,
    };
    this.signIn = {
      perAccountFree: env.SIGNIN_FREE_ATTEMPTS_PER_ACCOUNT,
      perAddressFree: env.SIGNIN_FREE_ATTEMPTS_PER_ADDRESS,
      baseDelaySeconds: env.SIGNIN_DELAY_BASE_SECONDS,
      maxDelaySeconds: env.SIGNIN_DELAY_MAX_SECONDS,
    };
    this.mail = {
      smtpUrl: env.SMTP_URL,
      outboxDir: path.resolve(env.MAIL_OUTBOX_DIR ?? path.join(env.DATA_DIR, 'outbox')),
      from: env.MAIL_FROM,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
      maxAttempts: env.MAIL_MAX_ATTEMPTS,
    };
    this.directory = { cacheEntries: env.DIRECTORY_CACHE_ENTRIES };
    this.messaging = {
      maxCiphertextBytes: env.MESSAGE_MAX_CIPHERTEXT_BYTES,
      deliveryAttempts: env.MESSAGE_DELIVERY_ATTEMPTS,
      deliveryBackoffMs: env.MESSAGE_DELIVERY_BACKOFF_MS,
      relayPollMs: env.MESSAGE_RELAY_POLL_MS,
      relayLeaseMs: env.MESSAGE_RELAY_LEASE_MS,
    };
    if (env.WEBHOOKS_ALLOW_PRIVATE_TARGETS === 'true' && env.NODE_ENV === 'production') {
      throw new ConfigError(
        'Invalid configuration: WEBHOOKS_ALLOW_PRIVATE_TARGETS is for tests and refused in production',
      );
    }
    this.webhooks = {
      allowPrivateTargets: env.WEBHOOKS_ALLOW_PRIVATE_TARGETS === 'true',
      retryHours: env.WEBHOOK_RETRY_HOURS,
      backoffSeconds: env.WEBHOOK_BACKOFF_SECONDS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    };
    this.attachments = {
      maxBytes: env.ATTACHMENT_MAX_BYTES,
      maxUnfinishedUploads: env.ATTACHMENT_MAX_UNFINISHED_UPLOADS,
      maxPerMessage: env.ATTACHMENT_MAX_PER_MESSAGE,
      unlinkedHours: env.ATTACHMENT_UNLINKED_HOURS,
    };
    this.notes = {
      defaultSeries: env.NOTES_DEFAULT_SERIES,
      seatTimeZone: env.SECRETARIAT_SEAT_TIME_ZONE,
    };
  }

  static fromEnv(env: Record<string, string | undefined>): AppConfig {
    return new AppConfig(parseEnv(appEnvSchema, env));
  }
}
