import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * A published key backup: the backup key certificate (signed by the identity
 * key) and the identity seed sealed to the backup public key — opaque to the
 * server. Publishing again adds a row; the account's current backup is its
 * latest one, and older rows stay (they are never updated or deleted).
 */
@Entity({ name: 'key_backup' })
@Index('key_backup_user_idx', ['userId', 'id'])
export class KeyBackupEntity {
  /** Increasing: the latest row of an account is its current backup. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  // By table name: the account belongs to the identity library.
  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'key_backup_user_fk' })
  user?: unknown;

  /** The identity key the certificate verified against when it was published. */
  @Column({ name: 'identity_key_id', type: 'uuid' })
  identityKeyId!: string;

  @ManyToOne('identity_key', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'identity_key_id', foreignKeyConstraintName: 'key_backup_identity_key_fk' })
  identityKey?: unknown;

  /** The certificate as JSON (`backupKeyCertificateToJson`), normalized after a strict parse. */
  @Column({ name: 'certificate', type: 'text' })
  certificate!: string;

  /** `crypto_box_seal` to the backup public key: the server cannot open it. */
  @Column({ name: 'sealed_identity', type: 'bytea' })
  sealedIdentity!: Buffer;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
