import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import type { ApiOperation } from './api-operation';

/**
 * A ministry system's credential: scoped to one member state, some networks
 * and some operations, with an expiry. Only SHA-256 hashes of its secret are
 * stored; during a rotation's grace period the previous secret still works.
 */
@Entity({ name: 'api_credential' })
@Check('api_credential_operations_not_empty', 'cardinality("operations") > 0')
export class ApiCredentialEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'api_credential_pk' })
  id!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Index('api_credential_member_state_idx')
  @Column({ name: 'member_state_code', type: 'char', length: 2 })
  memberStateCode!: string;

  // By table name: the directory library builds on this one.
  @ManyToOne('member_state', { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'member_state_code',
    foreignKeyConstraintName: 'api_credential_member_state_fk',
  })
  memberState?: { code: string };

  /** Keys of the networks it may act in (checked against `network` when issued). */
  @Column({ name: 'network_keys', type: 'text', array: true })
  networkKeys!: string[];

  @Column({ type: 'text', array: true })
  operations!: ApiOperation[];

  /** SHA-256 (hex) of the current secret. */
  @Column({ name: 'secret_hash', type: 'char', length: 64 })
  secretHash!: string;

  /** SHA-256 of the secret before the last rotation, accepted until the time below. */
  @Column({ name: 'previous_secret_hash', type: 'char', length: 64, nullable: true })
  previousSecretHash!: string | null;

  @Column({ name: 'previous_secret_valid_until', type: 'timestamptz', nullable: true })
  previousSecretValidUntil!: Date | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'api_credential_created_by_fk' })
  creator?: UserEntity;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'revoked_by', foreignKeyConstraintName: 'api_credential_revoked_by_fk' })
  revoker?: UserEntity;

  /** Updated at most once a minute, so a busy system does not write on every call. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}

/** A credential as the request carries it once authenticated: without its hashes. */
export type AuthenticatedApiCredential = Omit<
  ApiCredentialEntity,
  | 'secretHash'
  | 'previousSecretHash'
  | 'previousSecretValidUntil'
  | 'memberState'
  | 'creator'
  | 'revoker'
>;
