import { Injectable } from '@nestjs/common';
import { type JobProcessor, ProcessesQueue, QueueName, type QueueJob } from '@fpn/queue';
import { NotificationDispatcher } from './notification-dispatcher.service';

@Injectable()
@ProcessesQueue(QueueName.Notifications)
export class NotificationsProcessor implements JobProcessor<QueueName.Notifications> {
  constructor(private readonly dispatcher: NotificationDispatcher) {}

  async process(job: QueueJob<QueueName.Notifications>) {
    switch (job.name) {
      case 'dispatch':
        return this.dispatcher.dispatchDue();
    }
  }
}
