import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MemberStateEntity } from '@fpn/directory';
import { ActivityEntity } from './activity.entity';

/** A member state taking part in an activity (voluntary: it joins, and may leave while planned). */
@Entity({ name: 'activity_participant' })
export class ActivityParticipantEntity {
  @PrimaryColumn({
    name: 'activity_id',
    type: 'uuid',
    primaryKeyConstraintName: 'activity_participant_pk',
  })
  activityId!: string;

  @PrimaryColumn({
    name: 'member_state_code',
    type: 'char',
    length: 2,
    primaryKeyConstraintName: 'activity_participant_pk',
  })
  memberStateCode!: string;

  @ManyToOne(() => ActivityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'activity_id', foreignKeyConstraintName: 'activity_participant_activity_fk' })
  activity?: ActivityEntity;

  @ManyToOne(() => MemberStateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'member_state_code',
    foreignKeyConstraintName: 'activity_participant_state_fk',
  })
  memberState?: MemberStateEntity;

  @Column({ name: 'joined_at', type: 'timestamptz' })
  joinedAt!: Date;

  /** The coordinator or Secretariat account that joined the state. */
  @Column({ name: 'joined_by', type: 'uuid', nullable: true })
  joinedBy!: string | null;

  @ManyToOne('user_account', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'joined_by', foreignKeyConstraintName: 'activity_participant_joined_by_fk' })
  joiner?: unknown;
}
