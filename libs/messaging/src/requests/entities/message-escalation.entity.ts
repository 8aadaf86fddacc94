import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from '../../entities/message.entity';

/**
 * A message raised to one state's alternates and coordinators because nobody
 * of the state acknowledged it in time: once per message and state.
 */
@Entity({ name: 'message_escalation' })
export class MessageEscalationEntity {
  @PrimaryColumn({
    name: 'message_id',
    type: 'varchar',
    length: 128,
    primaryKeyConstraintName: 'message_escalation_pk',
  })
  messageId!: string;

  @PrimaryColumn({
    name: 'member_state_code',
    type: 'char',
    length: 2,
    primaryKeyConstraintName: 'message_escalation_pk',
  })
  memberStateCode!: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'message_escalation_message_fk' })
  message?: MessageEntity;

  @Column({ name: 'escalated_at', type: 'timestamptz' })
  escalatedAt!: Date;

  /** How many people were told (alternates and coordinators). */
  @Column({ name: 'notified', type: 'int' })
  notified!: number;
}
