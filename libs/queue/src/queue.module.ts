import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WorkerHeartbeat } from './health/worker-heartbeat.service';
import { QueueWorkers } from './processing/queue-workers.service';
import { QueueProducer } from './queue-producer.service';
import { LiveEvents } from './realtime/live-events.service';
import { RedisService } from './redis/redis.service';
import { MaintenanceProcessor } from './sweeper/sweep.processor';
import { SweepRunner } from './sweeper/sweep-runner.service';
import { SweepScheduler } from './sweeper/sweep-scheduler.service';

/** Redis and queue producers, for the api and the worker alike. */
@Global()
@Module({
  providers: [RedisService, QueueProducer, LiveEvents],
  exports: [RedisService, QueueProducer, LiveEvents],
})
export class QueueModule {}

/** What only the worker runs: consumers, the sweep schedule and the heartbeat. */
@Module({
  imports: [DiscoveryModule],
  providers: [QueueWorkers, WorkerHeartbeat, SweepRunner, SweepScheduler, MaintenanceProcessor],
  exports: [SweepRunner],
})
export class QueueWorkerModule {}
