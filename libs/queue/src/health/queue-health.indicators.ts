import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { probe } from '@fpn/core';
import { RedisService } from '../redis/redis.service';
import { WORKER_HEARTBEAT_KEY } from './worker-heartbeat.service';

@Injectable()
export class QueueHealthIndicators {
  constructor(
    private readonly redis: RedisService,
    private readonly health: HealthIndicatorService,
  ) {}

  redisReachable(key = 'redis') {
    return probe(this.health, key, 2_000, async () => {
      await this.redis.client.ping();
    });
  }

  workerAlive(key = 'worker') {
    return probe(this.health, key, 2_000, async () => {
      const beat = await this.redis.client.get(this.redis.key(WORKER_HEARTBEAT_KEY));
      if (!beat) throw new Error('no worker heartbeat seen recently');
      const { at } = JSON.parse(beat) as { at: string };
      return { lastHeartbeat: at };
    });
  }
}
