import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditDetails } from '../events/audit-event';

/**
 * Events recorded by transactions and not yet chained. Insert-only for the
 * application role: the chainer releases rows it has chained through a
 * function owned by the migration role (`audit_release_chained()`).
 */
@Entity({ name: 'audit_pending' })
export class AuditPendingEntity {
  /** The chainer takes pending events in this order. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 32, nullable: true })
  actorRole!: string | null;

  @Column({ name: 'subject_type', type: 'varchar', length: 64, nullable: true })
  subjectType!: string | null;

  @Column({ name: 'subject_id', type: 'varchar', length: 128, nullable: true })
  subjectId!: string | null;

  @Column({ name: 'member_state', type: 'char', length: 2, nullable: true })
  memberState!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  @Column({ type: 'jsonb' })
  details!: AuditDetails;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
