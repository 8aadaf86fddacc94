import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MemberStateEntity } from '../member-states/member-state.entity';
import { CommunicationCheckEntity } from './communication-check.entity';

export enum CheckOutcome {
  /** At least one of the state's expected focal points acknowledged by the deadline. */
  ACKNOWLEDGED = 'acknowledged',
  /** None did by the deadline, but at least one did afterwards. */
  LATE = 'late',
  /** Nobody acknowledged. */
  SILENT = 'silent',
}

/** A state's result in a closed check, recorded by the sweep that closed it. */
@Entity({ name: 'communication_check_result' })
export class CommunicationCheckResultEntity {
  @PrimaryColumn({ name: 'check_id', type: 'uuid' })
  checkId!: string;

  @ManyToOne(() => CommunicationCheckEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'check_id', foreignKeyConstraintName: 'communication_check_result_check_fk' })
  check?: CommunicationCheckEntity;

  @PrimaryColumn({ name: 'member_state_code', type: 'char', length: 2 })
  memberStateCode!: string;

  @ManyToOne(() => MemberStateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'member_state_code',
    foreignKeyConstraintName: 'communication_check_result_member_state_fk',
  })
  memberState?: MemberStateEntity;

  @Column({
    type: 'enum',
    enum: CheckOutcome,
    enumName: 'communication_check_outcome',
  })
  outcome!: CheckOutcome;

  /** Focal points of the state asked. */
  @Column({ type: 'int' })
  expected!: number;

  @Column({ name: 'acknowledged_in_time', type: 'int' })
  acknowledgedInTime!: number;

  @Column({ name: 'acknowledged_late', type: 'int' })
  acknowledgedLate!: number;
}
