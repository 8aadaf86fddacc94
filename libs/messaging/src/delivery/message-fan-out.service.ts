import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LiveEvents } from '@fpn/queue';
import { DataSource } from 'typeorm';
import { MessageEntity } from '../entities/message.entity';
import { encodeDeliveryCursor } from '../reading/cursors';
import { WebhookFanOut } from '../webhooks/webhook-fan-out.service';
import {
  MESSAGE_DELIVERIES_CHANNEL,
  type MessageDeliveriesEvent,
  messageEventOf,
} from './message-events';

/**
 * The work of one fan-out job: publish the message once, naming every device
 * still waiting for it with its cursor, then drop its outbox row. Run twice
 * (a retry, a worker that died after publishing), it publishes again; the
 * SDK drops a message id it has seen, and the inbox stays the truth.
 */
@Injectable()
export class MessageFanOut {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly live: LiveEvents,
    private readonly webhooks: WebhookFanOut,
  ) {}

  /** Returns how many devices the message was published to. */
  async fanOut(messageId: string): Promise<number> {
    const message = await this.dataSource.manager.findOneBy(MessageEntity, { id: messageId });
    let published = 0;
    if (message) {
      const deliveries = await this.dataSource.query<{ id: string; device_id: string }[]>(
        `SELECT id, device_id FROM message_delivery_state
          WHERE message_id = $1 AND NOT confirmed
          ORDER BY id`,
        [messageId],
      );
      if (deliveries.length > 0) {
        await this.live.publish<MessageDeliveriesEvent>(MESSAGE_DELIVERIES_CHANNEL, {
          message: messageEventOf(message),
          deliveries: deliveries.map((row) => [row.device_id, encodeDeliveryCursor(row.id)]),
        });
      }
      published = deliveries.length;
    }
    // Written before the outbox row goes: a fan-out that fails here is retried, and writes once.
    await this.webhooks.fanOut(this.dataSource.manager, messageId);
    await this.dataSource.query(`DELETE FROM message_outbox WHERE message_id = $1`, [messageId]);
    return published;
  }
}
