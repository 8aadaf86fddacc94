import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from '../../entities/message.entity';

/**
 * A request for assistance: a REQUEST_FOR_ASSISTANCE message that starts or
 * continues a network thread (not a reply). Its due date is the sender's,
 * signed in the envelope, or else the network's policy.
 */
@Entity({ name: 'message_request' })
export class MessageRequestEntity {
  @PrimaryColumn({
    name: 'message_id',
    type: 'varchar',
    length: 128,
    primaryKeyConstraintName: 'message_request_pk',
  })
  messageId!: string;

  @OneToOne(() => MessageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'message_request_message_fk' })
  message?: MessageEntity;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  /** The sender said the information is directly accessible to the requested authority. */
  @Column({ name: 'directly_accessible', type: 'boolean' })
  directlyAccessible!: boolean;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  /** The due date came from the envelope (the sender chose it), not from the policy. */
  @Column({ name: 'due_chosen_by_sender', type: 'boolean' })
  dueChosenBySender!: boolean;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
