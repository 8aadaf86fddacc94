import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { type JobData, type JobName, QueueName } from './queue-names';
import { RedisService } from './redis/redis.service';

/** Adds typed jobs to queues. Queue work is derived from PostgreSQL by its callers. */
@Injectable()
export class QueueProducer implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly redis: RedisService) {}

  get bullPrefix(): string {
    return this.redis.key('bull');
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis.client, prefix: this.bullPrefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    data: JobData<Q, N>,
    options?: JobsOptions,
  ): Promise<string | undefined> {
    const job = await this.queue(queue).add(name, data, options);
    return job.id;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
