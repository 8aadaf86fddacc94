import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageRequestEntity } from './message-request.entity';

/**
 * An addressed person of an open request who left the network (entry
 * retired or suspended, or account suspended), and the colleagues of their
 * state the request passed to. Once per request and person.
 */
@Entity({ name: 'message_request_handover' })
export class MessageRequestHandoverEntity {
  @PrimaryColumn({
    name: 'message_id',
    type: 'varchar',
    length: 128,
    primaryKeyConstraintName: 'message_request_handover_pk',
  })
  messageId!: string;

  @PrimaryColumn({
    name: 'from_user_id',
    type: 'uuid',
    primaryKeyConstraintName: 'message_request_handover_pk',
  })
  fromUserId!: string;

  @ManyToOne(() => MessageRequestEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'message_id',
    foreignKeyConstraintName: 'message_request_handover_request_fk',
  })
  request?: MessageRequestEntity;

  @Column({ name: 'member_state_code', type: 'char', length: 2 })
  memberStateCode!: string;

  /** The colleagues who became addressed people of the request (may be none). */
  @Column({ name: 'to_user_ids', type: 'uuid', array: true })
  toUserIds!: string[];

  @Column({ name: 'handed_over_at', type: 'timestamptz' })
  handedOverAt!: Date;
}
