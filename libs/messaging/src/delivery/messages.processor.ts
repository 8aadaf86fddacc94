import { Injectable } from '@nestjs/common';
import { type JobProcessor, ProcessesQueue, QueueName, type QueueJob } from '@fpn/queue';
import { MessageFanOut } from './message-fan-out.service';
import { DeliveryFailures } from './delivery-failures.service';

@Injectable()
@ProcessesQueue(QueueName.Messages)
export class MessagesProcessor implements JobProcessor<QueueName.Messages> {
  constructor(
    private readonly fanOut: MessageFanOut,
    private readonly failures: DeliveryFailures,
  ) {}

  async process(job: QueueJob<QueueName.Messages>) {
    switch (job.name) {
      case 'fan-out':
        try {
          return await this.fanOut.fanOut(job.data.messageId);
        } catch (error) {
          // The last attempt: keep the row, counted and retryable, before BullMQ drops the job.
          if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
            await this.failures.markFailed(job.data.messageId, error);
          }
          throw error;
        }
    }
  }
}
