import { Injectable } from '@nestjs/common';
import { Clock } from '@fpn/core';
import { EmailSender } from './email-sender.service';
import { InAppPusher } from './in-app-pusher.service';

/**
 * Everything due goes out: live pushes, then e-mails. Called by the
 * notifications queue (right after a commit) and by the deadline sweep (what
 * was missed while Redis or the relay was down), so neither alone is needed.
 */
@Injectable()
export class NotificationDispatcher {
  constructor(
    private readonly clock: Clock,
    private readonly pusher: InAppPusher,
    private readonly sender: EmailSender,
  ) {}

  async dispatchDue(now: Date = this.clock.now()): Promise<{ pushed: number; mailed: number }> {
    // One failing (Redis for pushes) must not hold up the other (SMTP for mail).
    const [pushed, mailed] = await Promise.allSettled([
      this.pusher.pushDue(now),
      this.sender.sendDue(now),
    ]);
    for (const result of [pushed, mailed]) {
      if (result.status === 'rejected') throw result.reason;
    }
    return {
      pushed: pushed.status === 'fulfilled' ? pushed.value : 0,
      mailed: mailed.status === 'fulfilled' ? mailed.value : 0,
    };
  }
}
