import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageThreadEntity } from './message-thread.entity';

/**
 * An account that sent or was sent a message of a thread: who lists and
 * reads the thread. Added with each message, never removed. The primary key
 * (account first) serves both "my threads" and "may I read this thread".
 */
@Entity({ name: 'message_thread_participant' })
export class MessageThreadParticipantEntity {
  @PrimaryColumn({
    name: 'user_id',
    type: 'uuid',
    primaryKeyConstraintName: 'message_thread_participant_pk',
  })
  userId!: string;

  @PrimaryColumn({
    name: 'thread_id',
    type: 'varchar',
    length: 128,
    primaryKeyConstraintName: 'message_thread_participant_pk',
  })
  threadId!: string;

  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'message_thread_participant_user_fk' })
  user?: unknown;

  @ManyToOne(() => MessageThreadEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'thread_id',
    foreignKeyConstraintName: 'message_thread_participant_thread_fk',
  })
  thread?: MessageThreadEntity;

  @Column({ name: 'joined_at', type: 'timestamptz' })
  joinedAt!: Date;
}
