import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { QueueName, QueueProducer } from '@fpn/queue';

/** Keeps chaining and checkpointing scheduled, however many worker replicas run. */
@Injectable()
export class AuditScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly queues: QueueProducer,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.queues.queue(QueueName.Audit);
    const opts = { removeOnComplete: 100, removeOnFail: 1000 };
    await queue.upsertJobScheduler(
      'audit-chain',
      { every: this.config.audit.chainIntervalSeconds * 1000 },
      { name: 'chain', data: { trigger: 'schedule' }, opts },
    );
    await queue.upsertJobScheduler(
      'audit-checkpoint',
      { every: this.config.audit.checkpointIntervalSeconds * 1000 },
      { name: 'checkpoint', data: { trigger: 'schedule' }, opts },
    );
  }
}
