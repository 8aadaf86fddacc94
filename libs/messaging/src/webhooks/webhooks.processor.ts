import { Injectable } from '@nestjs/common';
import { type JobProcessor, ProcessesQueue, QueueName, type QueueJob } from '@fpn/queue';
import { WebhookAttempts } from './webhook-attempts.service';

/** One attempt per job; retries are the sweeper's, by the injected clock. */
@Injectable()
@ProcessesQueue(QueueName.Webhooks)
export class WebhooksProcessor implements JobProcessor<QueueName.Webhooks> {
  constructor(private readonly attempts: WebhookAttempts) {}

  async process(job: QueueJob<QueueName.Webhooks>) {
    switch (job.name) {
      case 'deliver':
        return this.attempts.attempt(job.data.deliveryId, job.data.attempt);
    }
  }
}
