import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/**
 * A communication check of one network: every focal point active in it when
 * the Secretariat started the check must acknowledge by the deadline. Closed
 * by the sweep once the deadline has passed, with a result per state.
 */
@Entity({ name: 'communication_check' })
// One open check per network at a time.
@Index('communication_check_open_unique', ['networkId'], {
  unique: true,
  where: 'closed_at IS NULL',
})
// The sweep's candidates: open checks by deadline.
@Index('communication_check_due_idx', ['deadline'], { where: 'closed_at IS NULL' })
@Index('communication_check_started_idx', ['startedAt', 'id'])
export class CommunicationCheckEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'network_id', foreignKeyConstraintName: 'communication_check_network_fk' })
  network?: NetworkEntity;

  /** The Secretariat account that started it (kept in the audit log if the account goes). */
  @Column({ name: 'started_by', type: 'uuid', nullable: true })
  startedBy!: string | null;

  // By table name: the account belongs to the identity library.
  @ManyToOne('user_account', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'started_by', foreignKeyConstraintName: 'communication_check_started_by_fk' })
  starter?: unknown;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  /** Acknowledgements up to here are in time. */
  @Column({ type: 'timestamptz' })
  deadline!: Date;

  /** Later acknowledgements are accepted, as late, until here. */
  @Column({ name: 'accepts_late_until', type: 'timestamptz' })
  acceptsLateUntil!: Date;

  /** Set by the sweep when the deadline has passed and the results are recorded. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
