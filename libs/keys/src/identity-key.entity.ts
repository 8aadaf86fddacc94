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
 * An account's Ed25519 identity key: the public half only (the private half
 * never leaves the person's devices). A key change keeps the old row, marked
 * replaced; at most one key per account is current.
 */
@Entity({ name: 'identity_key' })
@Index('identity_key_current_unique', ['userId'], { unique: true, where: 'replaced_at IS NULL' })
@Index('identity_key_user_key_unique', ['userId', 'publicKey'], { unique: true })
export class IdentityKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  // By table name: the account belongs to the identity library.
  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'identity_key_user_fk' })
  user?: unknown;

  /** Ed25519 public key, 32 bytes. */
  @Column({ name: 'public_key', type: 'bytea' })
  publicKey!: Buffer;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  /** When a key change replaced it; null while it is the account's current key. */
  @Column({ name: 'replaced_at', type: 'timestamptz', nullable: true })
  replacedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
