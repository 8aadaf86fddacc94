import { Injectable } from '@nestjs/common';
import { DeadlineSweeper, type Sweeper } from '@fpn/queue';
import { NotificationDispatcher } from './notification-dispatcher.service';

/** Retries due e-mails and sends whatever a lost queue job left behind. */
@Injectable()
@DeadlineSweeper()
export class NotificationsSweeper implements Sweeper {
  constructor(private readonly dispatcher: NotificationDispatcher) {}

  async sweep(now: Date): Promise<number> {
    const { pushed, mailed } = await this.dispatcher.dispatchDue(now);
    return pushed + mailed;
  }
}
