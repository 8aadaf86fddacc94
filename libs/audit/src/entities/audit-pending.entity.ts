import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AuditEventColumns } from './audit-event-columns';

/**
 * Events recorded by transactions and not yet chained. Insert-only for the
 * application role: the chainer releases rows it has chained through a
 * function owned by the migration role (`audit_release_chained()`).
 */
@Entity({ name: 'audit_pending' })
export class AuditPendingEntity extends AuditEventColumns {
  /** The chainer takes pending events in this order. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;
}
