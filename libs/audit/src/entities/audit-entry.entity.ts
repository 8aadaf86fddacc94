import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AuditEventColumns } from './audit-event-columns';

/**
 * The hash chain: one row per event, `seq` 1, 2, 3… with no gaps, each
 * `hash` covering the row's contents and the previous row's hash
 * (docs/audit.md). Insert-only for the application role.
 */
@Entity({ name: 'audit_entry' })
@Index('audit_entry_subject_idx', ['subjectType', 'subjectId'])
@Index('audit_entry_actor_id_idx', ['actorId'])
@Index('audit_entry_occurred_at_idx', ['occurredAt'])
export class AuditEntryEntity extends AuditEventColumns {
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  /** The pending row this entry was chained from; each is chained once. */
  @Index('audit_entry_pending_id_unique', { unique: true })
  @Column({ name: 'pending_id', type: 'bigint' })
  pendingId!: string;

  /** SHA-256 (hex) of the previous entry; 64 zeros for entry 1. */
  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
