import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DeadlineSweeper, QueueName, QueueProducer, type Sweeper } from '@fpn/queue';
import { DataSource } from 'typeorm';
import { webhookJobId } from './webhook-schedule';

/** Rows one sweep queues; the next sweep takes the rest. */
const BATCH_SIZE = 500;

/**
 * The retry clock of webhook deliveries (DESIGN §4): at the injected "now",
 * pending deliveries past their window become `failed` (the last error kept),
 * and those due for another attempt are queued — one job per attempt, so a
 * job Redis lost is queued again and one still waiting is not doubled.
 */
@Injectable()
@DeadlineSweeper()
export class WebhookRetrySweeper implements Sweeper {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: QueueProducer,
  ) {}

  async sweep(now: Date): Promise<number> {
    const [, expired] = (await this.dataSource.query(
      `UPDATE webhook_delivery
          SET status = 'failed', failed_at = $1, last_error = coalesce(last_error, 'EXPIRED')
        WHERE status = 'pending' AND expires_at <= $1`,
      [now],
    )) as [unknown, number];
    const due = await this.dataSource.query<{ id: string; attempts: number }[]>(
      `SELECT id, attempts FROM webhook_delivery
        WHERE status = 'pending' AND next_attempt_at <= $1
        ORDER BY next_attempt_at, id
        LIMIT $2`,
      [now, BATCH_SIZE],
    );
    for (const { id, attempts } of due) {
      const attempt = attempts + 1;
      await this.queue.add(
        QueueName.Webhooks,
        'deliver',
        { deliveryId: id, attempt },
        { jobId: webhookJobId(id, attempt), removeOnComplete: true, removeOnFail: true },
      );
    }
    return expired + due.length;
  }
}
