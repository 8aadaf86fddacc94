import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DeviceEntity, DeviceModel } from '@fpn/keys';
import { LiveEvents } from '@fpn/queue';
import { DataSource } from 'typeorm';
import type { LinkedAttachment } from '../attachments/attachment-links';
import { MessageEntity } from '../entities/message.entity';
import { encodeDeliveryCursor } from '../reading/cursors';
import { WebhookFanOut } from '../webhooks/webhook-fan-out.service';
import {
  MESSAGE_DELIVERIES_CHANNEL,
  type MessageDeliveriesEvent,
  type MessageEvent,
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
    const message = await this.pushed(messageId);
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
          message,
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

  /** The message as pushed, with its sender device and attachments: one statement. */
  private async pushed(messageId: string): Promise<MessageEvent | undefined> {
    const { entities, raw } = await this.dataSource.manager
      .createQueryBuilder(MessageEntity, 'm')
      .leftJoinAndMapOne('m.senderDevice', DeviceEntity, 'd', 'd.device_id = m.sender_device_id')
      .addSelect(
        `(SELECT coalesce(json_agg(json_build_object('id', a.id, 'size', a.declared_length)
                                   ORDER BY a.message_position), '[]'::json)
            FROM attachment a WHERE a.message_id = m.id)`,
        'attachments',
      )
      .where('m.id = :messageId', { messageId })
      .getRawAndEntities<{ attachments: LinkedAttachment[] }>();
    const [message] = entities as (MessageEntity & { senderDevice?: DeviceEntity })[];
    if (!message) return undefined;
    return {
      ...messageEventOf(message),
      senderDevice:
        message.senderDevice && DeviceModel.toJson(DeviceModel.fromEntity(message.senderDevice)),
      attachments: raw[0].attachments,
    };
  }
}
