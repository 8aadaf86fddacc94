import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MessageDeliveryEntity } from '../entities/message-delivery.entity';
import { MessageEntity } from '../entities/message.entity';
import { WebhookEntity } from './webhook.entity';

export enum WebhookDeliveryStatus {
  PENDING = 'pending',
  DELIVERED = 'delivered',
  FAILED = 'failed',
}

/**
 * One message for one webhook, written when the message's fan-out runs: the
 * record the delivery jobs are derived from. Attempts follow the injected
 * clock (`next_attempt_at`, `expires_at`); a row past its window is `failed`,
 * counted for operators with the class of its last error, never content.
 */
@Entity({ name: 'webhook_delivery' })
@Index('webhook_delivery_webhook_message_unique', ['webhookId', 'messageId'], { unique: true })
@Index('webhook_delivery_due_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'webhook_delivery_pk' })
  id!: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  webhookId!: string;

  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id', foreignKeyConstraintName: 'webhook_delivery_webhook_fk' })
  webhook?: WebhookEntity;

  @Column({ name: 'message_id', type: 'varchar', length: 128 })
  messageId!: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'webhook_delivery_message_fk' })
  message?: MessageEntity;

  /** The message_delivery row (the bound device's) this posts: its cursor, and what a 2xx confirms. */
  @Column({ name: 'message_delivery_id', type: 'bigint' })
  messageDeliveryId!: string;

  @ManyToOne(() => MessageDeliveryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'message_delivery_id',
    foreignKeyConstraintName: 'webhook_delivery_message_delivery_fk',
  })
  messageDelivery?: MessageDeliveryEntity;

  @Column({
    type: 'enum',
    enum: WebhookDeliveryStatus,
    enumName: 'webhook_delivery_status',
    default: WebhookDeliveryStatus.PENDING,
  })
  status!: WebhookDeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** Retried until then; `retryFailedWebhookDeliveries` opens a new window. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** A class (HTTP_500, TIMEOUT, PRIVATE_TARGET, ECONNREFUSED…), never a response body. */
  @Column({ name: 'last_error', type: 'varchar', length: 64, nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;
}
