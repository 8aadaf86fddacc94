import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * The Redis connections of this process. Every key and pub/sub channel carries
 * the configured prefix: pub/sub ignores the database number, so the prefix is
 * what keeps deployments (and test files) apart.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  /** For ordinary commands. */
  readonly client: Redis;
  private readonly extra: Redis[] = [];

  constructor(private readonly config: AppConfig) {
    this.client = this.connect({ connectionName: 'fpn:commands' });
  }

  get prefix(): string {
    return this.config.redis.prefix;
  }

  /** A key or channel name under this deployment's prefix. */
  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** A dedicated connection (BullMQ workers block on theirs); closed with the app. */
  connect(options: RedisOptions = {}): Redis {
    const connection = new Redis(this.config.redis.url, {
      maxRetriesPerRequest: null,
      enableReadyCheck: true,
      ...options,
    });
    // Connection errors are retried by ioredis and surface in /health/ready;
    // an unhandled 'error' event would crash the process.
    connection.on('error', () => undefined);
    if (this.client) this.extra.push(connection);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [this.client, ...this.extra].map((c) =>
        // A lazy connection never used has nothing to quit.
        c.status === 'wait' ? c.disconnect() : c.quit().catch(() => c.disconnect()),
      ),
    );
  }
}
