import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MemberStateEntity } from '../member-states/member-state.entity';
import type { ChangePayload } from './change-payload';

/** What a coordinator proposes for their state. */
export enum DirectoryChangeKind {
  ADD_FOCAL_POINT = 'add_focal_point',
  CHANGE_FOCAL_POINT = 'change_focal_point',
  RETIRE_FOCAL_POINT = 'retire_focal_point',
  ADD_MEMBERSHIP = 'add_membership',
  REMOVE_MEMBERSHIP = 'remove_membership',
  LINK_ACCOUNT = 'link_account',
  ADD_AUTHORITY = 'add_authority',
  RENAME_AUTHORITY = 'rename_authority',
}

export enum DirectoryChangeStatus {
  PENDING = 'pending',
  APPROVED = 'approved',
  REJECTED = 'rejected',
  WITHDRAWN = 'withdrawn',
}

/**
 * A proposal: a state's coordinator asks for one change to their state's
 * roster, with a reason; the Secretariat approves it (it is applied in the
 * same transaction) or rejects it with a reason. The payload is what was
 * proposed, validated and normalized; it never changes afterwards.
 */
@Entity({ name: 'directory_change' })
@Index('directory_change_state_idx', ['memberStateCode', 'proposedAt'])
@Index('directory_change_status_idx', ['status', 'proposedAt'])
export class DirectoryChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'member_state_code', type: 'char', length: 2 })
  memberStateCode!: string;

  @ManyToOne(() => MemberStateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'member_state_code',
    foreignKeyConstraintName: 'directory_change_member_state_fk',
  })
  memberState?: MemberStateEntity;

  @Column({ type: 'enum', enum: DirectoryChangeKind, enumName: 'directory_change_kind' })
  kind!: DirectoryChangeKind;

  @Column({
    type: 'enum',
    enum: DirectoryChangeStatus,
    enumName: 'directory_change_status',
    default: DirectoryChangeStatus.PENDING,
  })
  status!: DirectoryChangeStatus;

  @Column({ type: 'jsonb' })
  payload!: ChangePayload;

  @Column({ type: 'varchar', length: 1000 })
  reason!: string;

  @Column({ name: 'proposed_by', type: 'uuid' })
  proposedBy!: string;

  // By table name: the account belongs to the identity library.
  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'proposed_by', foreignKeyConstraintName: 'directory_change_proposed_by_fk' })
  proposer?: unknown;

  @Column({ name: 'proposed_at', type: 'timestamptz' })
  proposedAt!: Date;

  /** Who approved or rejected it; the proposer, when withdrawn. */
  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'directory_change_decided_by_fk' })
  decider?: unknown;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_reason', type: 'varchar', length: 1000, nullable: true })
  decisionReason!: string | null;

  /** The focal point or authority the approved change created or changed. */
  @Column({ name: 'applied_entity_id', type: 'uuid', nullable: true })
  appliedEntityId!: string | null;
}
