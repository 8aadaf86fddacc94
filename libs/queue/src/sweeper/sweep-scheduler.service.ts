import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { QueueName } from '../queue-names';
import { QueueProducer } from '../queue-producer.service';

const SCHEDULER_ID = 'deadline-sweep';

/** Keeps one repeatable sweep job scheduled, however many worker replicas run. */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly queues: QueueProducer,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.queue(QueueName.Maintenance).upsertJobScheduler(
      SCHEDULER_ID,
      { every: this.config.worker.sweepIntervalSeconds * 1000 },
      {
        name: 'sweep',
        data: { trigger: 'schedule' },
        opts: { removeOnComplete: 100, removeOnFail: 1000 },
      },
    );
  }
}
