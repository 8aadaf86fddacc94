import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from './message.entity';
import { OutboxStatus } from './messaging-enums';

/**
 * A message still to fan out, written in the send's transaction. The worker's
 * relay turns it into one BullMQ job; the job deletes the row once the
 * message is published. A job that exhausts its attempts leaves it `failed`:
 * counted, and queued again by an operator.
 */
@Entity({ name: 'message_outbox' })
@Index('message_outbox_pending_idx', ['createdAt'], { where: "status = 'pending'" })
export class MessageOutboxEntity {
  @PrimaryColumn({
    name: 'message_id',
    type: 'varchar',
    length: 128,
    primaryKeyConstraintName: 'message_outbox_pk',
  })
  messageId!: string;

  @OneToOne(() => MessageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'message_outbox_message_fk' })
  message?: MessageEntity;

  @Column({
    type: 'enum',
    enum: OutboxStatus,
    enumName: 'message_outbox_status',
    default: OutboxStatus.PENDING,
  })
  status!: OutboxStatus;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When a relay last queued it; a row queued long ago and still here is queued again. */
  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt!: Date | null;

  /** How many times a relay queued it. */
  @Column({ name: 'relay_count', type: 'int', default: 0 })
  relayCount!: number;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  /** Why the last attempt failed: an error code or class, never content. */
  @Column({ name: 'last_error', type: 'varchar', length: 64, nullable: true })
  lastError!: string | null;
}
