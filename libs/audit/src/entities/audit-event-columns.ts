import { Column } from 'typeorm';
import type { AuditDetails } from '../events/audit-event';

/**
 * The columns of one event, shared by `audit_pending` and `audit_entry`: the
 * chainer copies them unchanged, and the hash covers exactly these.
 */
export abstract class AuditEventColumns {
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
