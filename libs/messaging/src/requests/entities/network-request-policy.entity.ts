import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';

/**
 * A network's own request deadlines and escalation times, set by the
 * Secretariat. Without a row the defaults apply (request-policy.ts). Times
 * in minutes.
 */
@Entity({ name: 'network_request_policy' })
export class NetworkRequestPolicyEntity {
  @PrimaryColumn({
    name: 'network_id',
    type: 'uuid',
    primaryKeyConstraintName: 'network_request_policy_pk',
  })
  networkId!: string;

  // By table name: networks belong to the directory library.
  @OneToOne('network', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'network_id', foreignKeyConstraintName: 'network_request_policy_network_fk' })
  network?: unknown;

  /** An urgent request for information directly accessible: due after this. */
  @Column({ name: 'urgent_direct_minutes', type: 'int' })
  urgentDirectMinutes!: number;

  @Column({ name: 'urgent_indirect_minutes', type: 'int' })
  urgentIndirectMinutes!: number;

  @Column({ name: 'routine_minutes', type: 'int' })
  routineMinutes!: number;

  /** Unacknowledged by a state this long: raised to its alternates and coordinators. */
  @Column({ name: 'flash_escalation_minutes', type: 'int' })
  flashEscalationMinutes!: number;

  @Column({ name: 'urgent_escalation_minutes', type: 'int' })
  urgentEscalationMinutes!: number;

  /** A routine request. */
  @Column({ name: 'request_escalation_minutes', type: 'int' })
  requestEscalationMinutes!: number;

  @Column({ name: 'updated_by', type: 'uuid' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
