import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from './message.entity';

/**
 * An addressed person (account) of a message, with their member state for
 * per-state status, and their receipts: acknowledged (what escalation waits
 * for) and read. A device's receipt ("delivered") is on its delivery.
 */
@Entity({ name: 'message_recipient' })
export class MessageRecipientEntity {
  @PrimaryColumn({
    name: 'message_id',
    type: 'varchar',
    length: 128,
    primaryKeyConstraintName: 'message_recipient_pk',
  })
  messageId!: string;

  @PrimaryColumn({
    name: 'user_id',
    type: 'uuid',
    primaryKeyConstraintName: 'message_recipient_pk',
  })
  userId!: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'message_recipient_message_fk' })
  message?: MessageEntity;

  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'message_recipient_user_fk' })
  user?: unknown;

  /** The account's member state when the message was sent; null for a Secretariat account. */
  @Column({ name: 'member_state_code', type: 'char', length: 2, nullable: true })
  memberStateCode!: string | null;

  /** When the person first acknowledged it (explicitly; a device never does). */
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
