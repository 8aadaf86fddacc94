import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { Clock } from '@fpn/core';
import { hostname } from 'node:os';
import { RedisService } from '../redis/redis.service';

export const WORKER_HEARTBEAT_KEY = 'worker:heartbeat';

/** The worker says it is alive every few seconds; the api's readiness check reads it. */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeat.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(
      () =>
        void this.beat().catch((error: Error) =>
          this.logger.warn({ err: error.message }, 'heartbeat failed'),
        ),
      this.config.worker.heartbeatSeconds * 1000,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
  }

  private async beat(): Promise<void> {
    const value = JSON.stringify({ host: hostname(), pid: process.pid, at: this.clock.now() });
    // Expires after three missed beats: a dead worker shows as down within seconds.
    const ttl = this.config.worker.heartbeatSeconds * 3000;
    await this.redis.client.set(this.redis.key(WORKER_HEARTBEAT_KEY), value, 'PX', ttl);
  }
}
