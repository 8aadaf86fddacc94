import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '@fpn/core';
import { DatabaseHealthIndicator } from '@fpn/database';
import { QueueHealthIndicators } from '@fpn/queue';

/** Probes for load balancers and orchestrators: no token. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly queues: QueueHealthIndicators,
  ) {}

  /** Liveness: the process answers. Dependencies are not checked, so a restart loop cannot start. */
  @Get()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: PostgreSQL reachable with every migration applied, Redis reachable, a worker alive. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.check('postgres'),
      () => this.queues.redisReachable('redis'),
      () => this.queues.workerAlive('worker'),
    ]);
  }
}
