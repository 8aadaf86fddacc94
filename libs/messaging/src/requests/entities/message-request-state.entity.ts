import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageRequestEntity } from './message-request.entity';

/**
 * One addressed member state of a request: its answer and the reminders it
 * was sent. Open, acknowledged, overdue and closed are derived (status.ts).
 */
@Entity({ name: 'message_request_state' })
// The reminder sweep: unanswered states of open requests.
@Index('message_request_state_unanswered_idx', ['messageId'], { where: 'answered_at IS NULL' })
export class MessageRequestStateEntity {
  @PrimaryColumn({
    name: 'message_id',
    type: 'varchar',
    length: 128,
    primaryKeyConstraintName: 'message_request_state_pk',
  })
  messageId!: string;

  @PrimaryColumn({
    name: 'member_state_code',
    type: 'char',
    length: 2,
    primaryKeyConstraintName: 'message_request_state_pk',
  })
  memberStateCode!: string;

  @ManyToOne(() => MessageRequestEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'message_request_state_request_fk' })
  request?: MessageRequestEntity;

  /** When a reply from this state flagged as the answer was accepted (the first one). */
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'answer_message_id', type: 'varchar', length: 128, nullable: true })
  answerMessageId!: string | null;

  /** The reminder before the due date (at 75 % of the time). */
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt!: Date | null;

  /** The notice at the due date. */
  @Column({ name: 'overdue_notified_at', type: 'timestamptz', nullable: true })
  overdueNotifiedAt!: Date | null;
}
