import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuditDetails } from '../events/audit-event';

/**
 * The hash chain: one row per event, `seq` 1, 2, 3… with no gaps, each
 * `hash` covering the row's contents and the previous row's hash
 * (docs/audit.md). Insert-only for the application role.
 */
@Entity({ name: 'audit_entry' })
@Index('audit_entry_subject_idx', ['subjectType', 'subjectId'])
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  /** The pending row this entry was chained from; each is chained once. */
  @Index('audit_entry_pending_id_unique', { unique: true })
  @Column({ name: 'pending_id', type: 'bigint' })
  pendingId!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Index('audit_entry_actor_id_idx')
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

  @Index('audit_entry_occurred_at_idx')
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** SHA-256 (hex) of the previous entry; 64 zeros for entry 1. */
  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
