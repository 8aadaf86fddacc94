import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { FocalPointEntity } from '../focal-points/focal-point.entity';
import { CommunicationCheckEntity } from './communication-check.entity';

/**
 * A focal point expected to acknowledge a check: the snapshot taken at its
 * start (later changes to the roster do not change who was asked).
 */
@Entity({ name: 'communication_check_recipient' })
export class CommunicationCheckRecipientEntity {
  @PrimaryColumn({ name: 'check_id', type: 'uuid' })
  checkId!: string;

  @ManyToOne(() => CommunicationCheckEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'check_id',
    foreignKeyConstraintName: 'communication_check_recipient_check_fk',
  })
  check?: CommunicationCheckEntity;

  @Index('communication_check_recipient_focal_point_idx')
  @PrimaryColumn({ name: 'focal_point_id', type: 'uuid' })
  focalPointId!: string;

  @ManyToOne(() => FocalPointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'focal_point_id',
    foreignKeyConstraintName: 'communication_check_recipient_focal_point_fk',
  })
  focalPoint?: FocalPointEntity;

  /** The entry's state at the start: the result is per state. */
  @Column({ name: 'member_state_code', type: 'char', length: 2 })
  memberStateCode!: string;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  /** The account that acknowledged (the one linked to the entry then). */
  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy!: string | null;

  @ManyToOne('user_account', { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'acknowledged_by',
    foreignKeyConstraintName: 'communication_check_recipient_acknowledged_by_fk',
  })
  acknowledger?: unknown;
}
