import { Injectable } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { Clock } from '@fpn/core';
import { QueueName, QueueProducer } from '@fpn/queue';
import type { EntityManager } from 'typeorm';
import { webhookJobId } from './webhook-schedule';

/**
 * When a message fans out: one webhook_delivery row per webhook of each
 * ministry-system device it is for (and still unconfirmed), then the first
 * attempt of each queued. Run again (a retried fan-out), it writes nothing
 * new; rows whose job was lost are queued by the retry sweeper.
 */
@Injectable()
export class WebhookFanOut {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly queue: QueueProducer,
  ) {}

  /** Returns how many webhook deliveries were written. */
  async fanOut(manager: EntityManager, messageId: string): Promise<number> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.webhooks.retryHours * 3_600_000);
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO webhook_delivery
              (webhook_id, message_id, message_delivery_id, next_attempt_at, expires_at, created_at)
       SELECT w.id, md.message_id, md.id, $2, $3, $2
         FROM message_delivery_state md
         JOIN device d ON d.device_id = md.device_id AND d.api_credential_id IS NOT NULL
         JOIN api_credential c ON c.id = d.api_credential_id AND c.revoked_at IS NULL
         JOIN webhook w ON w.api_credential_id = c.id
        WHERE md.message_id = $1 AND NOT md.confirmed
        ORDER BY w.id
           ON CONFLICT (webhook_id, message_id) DO NOTHING
       RETURNING id`,
      [messageId, now, expiresAt],
    );
    for (const { id } of rows) {
      await this.queue.add(
        QueueName.Webhooks,
        'deliver',
        { deliveryId: id, attempt: 1 },
        { jobId: webhookJobId(id, 1), removeOnComplete: true, removeOnFail: true },
      );
    }
    return rows.length;
  }
}
