import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { IdentityKeyEntity } from './identity-key.entity';

export enum DeviceStatus {
  ACTIVE = 'active',
  REVOKED = 'revoked',
}

export enum DeviceRevocationReason {
  /** The owner revoked it. */
  BY_OWNER = 'by_owner',
  /** The identity key that certified it was replaced. */
  IDENTITY_KEY_CHANGED = 'identity_key_changed',
  /** Another device was bound to its API credential in its place. */
  REPLACED = 'replaced',
}

/**
 * A device's public keys as its device certificate states them, with the
 * certificate's signature, so any client can check it again. A device id is
 * never reused: a revoked device stays, revoked.
 */
@Entity({ name: 'device' })
@Index('device_user_status_idx', ['userId', 'status'])
// One active device per API credential: binding another revokes it (reason `replaced`).
@Index('device_api_credential_active_unique', ['apiCredentialId'], {
  unique: true,
  where: "status = 'active' AND api_credential_id IS NOT NULL",
})
export class DeviceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The client-chosen id in the certificate; unique for ever. */
  @Index('device_device_id_unique', { unique: true })
  @Column({ name: 'device_id', type: 'varchar', length: 128 })
  deviceId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne('user_account', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'device_user_fk' })
  user?: unknown;

  /** The identity key that signed the certificate. */
  @Index('device_identity_key_idx')
  @Column({ name: 'identity_key_id', type: 'uuid' })
  identityKeyId!: string;

  @ManyToOne(() => IdentityKeyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'identity_key_id', foreignKeyConstraintName: 'device_identity_key_fk' })
  identityKey?: IdentityKeyEntity;

  @Column({ name: 'certificate_version', type: 'int' })
  certificateVersion!: number;

  /**
   * Set when the device is a ministry system's, bound to the API credential it
   * calls with (the certificate names the account that issued the credential).
   * It is served for encryption only while the credential is unrevoked and unexpired.
   */
  @Column({ name: 'api_credential_id', type: 'uuid', nullable: true })
  apiCredentialId!: string | null;

  // By table name: credentials belong to the identity library.
  @ManyToOne('api_credential', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'api_credential_id', foreignKeyConstraintName: 'device_api_credential_fk' })
  apiCredential?: unknown;

  /** Ed25519, 32 bytes. */
  @Column({ name: 'signing_public_key', type: 'bytea' })
  signingPublicKey!: Buffer;

  /** X25519, 32 bytes. */
  @Column({ name: 'encryption_public_key', type: 'bytea' })
  encryptionPublicKey!: Buffer;

  /** The certificate's `issuedAt` (millisecond precision, as signed). */
  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  /** The identity key's Ed25519 signature over the certificate, 64 bytes. */
  @Column({ name: 'certificate_signature', type: 'bytea' })
  certificateSignature!: Buffer;

  @Column({
    type: 'enum',
    enum: DeviceStatus,
    enumName: 'device_status',
    default: DeviceStatus.ACTIVE,
  })
  status!: DeviceStatus;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({
    name: 'revocation_reason',
    type: 'enum',
    enum: DeviceRevocationReason,
    enumName: 'device_revocation_reason',
    nullable: true,
  })
  revocationReason!: DeviceRevocationReason | null;

  /**
   * The highest cursor (message_delivery id) the device confirmed receiving:
   * each of its deliveries at or below it is delivered. One number a device
   * instead of a write for every delivery (libs/messaging delivery-confirmations.ts).
   */
  @Column({ name: 'delivery_confirmed_up_to', type: 'bigint', default: 0 })
  deliveryConfirmedUpTo!: string;
}
