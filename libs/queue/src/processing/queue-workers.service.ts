import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { AppConfig } from '@fpn/config';
import { Worker } from 'bullmq';
import { QueueName } from '../queue-names';
import { RedisService } from '../redis/redis.service';
import {
  assertOneProcessorPerQueue,
  JOB_PROCESSOR,
  type DiscoveredProcessor,
  type JobProcessor,
  type QueueJob,
} from './job-processor';

/** Finds the processors at boot, checks the queue map, and runs one BullMQ worker per queue. */
@Injectable()
export class QueueWorkers implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];
  private processors: (DiscoveredProcessor & { instance: JobProcessor<QueueName> })[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  /** Before any bootstrap hook runs: a bad queue map stops the worker before it does anything. */
  onModuleInit(): void {
    this.processors = this.discover();
    assertOneProcessorPerQueue(
      Object.values(QueueName),
      this.processors.map(({ queue, name }) => ({ queue, name })),
    );
  }

  onApplicationBootstrap(): void {
    const processors = this.processors;
    for (const { queue, instance } of processors) {
      const worker = new Worker(queue, (job) => instance.process(job as QueueJob<typeof queue>), {
        connection: this.redis.connect({ connectionName: `fpn:worker:${queue}` }),
        prefix: this.redis.key('bull'),
        concurrency: this.config.worker.concurrency,
        // A dead worker's jobs go back to the queue once its lock lapses (shortened in tests).
        lockDuration: this.config.worker.lockDurationMs,
        stalledInterval: this.config.worker.stalledIntervalMs,
      });
      worker.on('failed', (job, error) =>
        this.logger.warn(
          { queue, job: job?.name, jobId: job?.id, err: error.message },
          'job failed',
        ),
      );
      worker.on('error', (error) =>
        this.logger.error({ queue, err: error.message }, 'worker error'),
      );
      this.workers.push(worker);
    }
    this.logger.log({ queues: processors.map((p) => p.queue) }, 'queue workers started');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private discover(): (DiscoveredProcessor & { instance: JobProcessor<QueueName> })[] {
    return this.discovery.getProviders().flatMap((wrapper) => {
      if (!wrapper.metatype || !wrapper.instance) return [];
      const queue = this.reflector.get<QueueName | undefined>(JOB_PROCESSOR, wrapper.metatype);
      if (!queue) return [];
      return [
        {
          queue,
          name: String(wrapper.name),
          instance: wrapper.instance as JobProcessor<QueueName>,
        },
      ];
    });
  }
}
