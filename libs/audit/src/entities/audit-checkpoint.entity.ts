import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A signed statement "the chain's entry `seq` has hash `head_hash`", made by
 * the worker with the audit signing key, which the database never holds.
 * Numbered 1, 2, 3… with no gaps. Insert-only for the application role.
 */
@Entity({ name: 'audit_checkpoint' })
export class AuditCheckpointEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  /** The last entry this checkpoint covers. */
  @Index('audit_checkpoint_seq_unique', { unique: true })
  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'head_hash', type: 'char', length: 64 })
  headHash!: string;

  /** Entries 1…seq: equal to `seq`, kept so a reader need not know that. */
  @Column({ name: 'entry_count', type: 'bigint' })
  entryCount!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Ed25519 signature (base64) of `fpn-audit-checkpoint:v1|<seq>|<head_hash>`. */
  @Column({ type: 'varchar', length: 128 })
  signature!: string;

  /** First 16 hex digits of SHA-256 of the signing public key. */
  @Column({ name: 'key_id', type: 'char', length: 16 })
  keyId!: string;
}
