import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';

export enum InvitationPurpose {
  /** A new account: set a password (and TOTP where required). */
  INVITE = 'invite',
  /** A reset by the Secretariat or the state's coordinator: set a new password. */
  RESET = 'reset',
}

/**
 * A one-time, expiring link that lets a person set their password. The token
 * is shown only in the e-mail and stored hashed; issuing a new one voids the
 * ones before it.
 */
@Entity({ name: 'invitation' })
export class InvitationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('invitation_user_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'invitation_user_fk' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 10 })
  purpose!: InvitationPurpose;

  /** SHA-256 of the token, hex. */
  @Index('invitation_token_hash_unique', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  /** Who issued it; null once that account is gone. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'invitation_created_by_fk' })
  creator?: UserEntity;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  /** Set when a newer invitation or a suspension voids this one. */
  @Column({ name: 'voided_at', type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;
}
