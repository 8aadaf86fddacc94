import { Injectable } from '@nestjs/common';
import { type JobProcessor, ProcessesQueue, QueueName, type QueueJob } from '@fpn/queue';
import { AuditChainer } from '../chain/audit-chainer.service';
import { AuditCheckpointer } from '../checkpoints/audit-checkpointer.service';

@Injectable()
@ProcessesQueue(QueueName.Audit)
export class AuditProcessor implements JobProcessor<QueueName.Audit> {
  constructor(
    private readonly chainer: AuditChainer,
    private readonly checkpointer: AuditCheckpointer,
  ) {}

  async process(job: QueueJob<QueueName.Audit>) {
    switch (job.name) {
      case 'chain':
        return { chained: await this.chainer.chainPending() };
      case 'checkpoint':
        return { checkpoint: await this.checkpointer.checkpoint() };
    }
  }
}
