import { DomainError, ErrorCode, isUniqueViolation } from '@fpn/core';
import type { DeviceCertificate } from '@fpn/crypto';
import { type EntityManager, IsNull } from 'typeorm';
import { DeviceEntity, DeviceStatus } from './device.entity';
import { IdentityKeyEntity } from './identity-key.entity';

/** Serializes one account's key changes and the devices registered against its key. */
export async function lockAccount(manager: EntityManager, userId: string): Promise<void> {
  await manager.query('SELECT id FROM user_account WHERE id = $1 FOR UPDATE', [userId]);
}

export function currentIdentityKey(
  manager: EntityManager,
  userId: string,
): Promise<IdentityKeyEntity | null> {
  return manager.findOneBy(IdentityKeyEntity, { userId, replacedAt: IsNull() });
}

/** The account's current identity key, which certifies its devices; none yet is CONFLICT. */
export async function certifyingKey(
  manager: EntityManager,
  userId: string,
): Promise<IdentityKeyEntity> {
  const current = await currentIdentityKey(manager, userId);
  if (!current) {
    throw new DomainError(ErrorCode.Conflict, 'Register your identity key before a device', {
      reason: 'IDENTITY_KEY_REQUIRED',
    });
  }
  return current;
}

/**
 * The device already holding the certificate's device id when it is the very
 * same registration (`isSame`: registering it again is a no-op); null when the
 * id is free. Any other holder is CONFLICT: a device id is never reused, and a
 * revoked device never comes back.
 */
export async function sameOrFreeDeviceId(
  manager: EntityManager,
  certificate: DeviceCertificate,
  isSame: (existing: DeviceEntity) => boolean,
): Promise<DeviceEntity | null> {
  const existing = await manager.findOneBy(DeviceEntity, { deviceId: certificate.deviceId });
  if (!existing) return null;
  if (
    existing.status === DeviceStatus.ACTIVE &&
    existing.certificateSignature.equals(Buffer.from(certificate.signature)) &&
    isSame(existing)
  ) {
    return existing;
  }
  const revoked = existing.status === DeviceStatus.REVOKED;
  throw new DomainError(
    ErrorCode.Conflict,
    revoked
      ? 'This device was revoked; a revoked device id cannot be registered again'
      : 'This device id is taken',
    { field: 'certificate.deviceId', reason: revoked ? 'DEVICE_REVOKED' : 'DEVICE_ID_TAKEN' },
  );
}

/** A new active device, as its verified certificate states it. */
export function saveDevice(
  manager: EntityManager,
  certificate: DeviceCertificate,
  record: {
    userId: string;
    identityKeyId: string;
    apiCredentialId: string | null;
    registeredAt: Date;
  },
): Promise<DeviceEntity> {
  return manager.save(
    manager.create(DeviceEntity, {
      deviceId: certificate.deviceId,
      userId: record.userId,
      identityKeyId: record.identityKeyId,
      apiCredentialId: record.apiCredentialId,
      certificateVersion: certificate.version,
      signingPublicKey: Buffer.from(certificate.signingPublicKey),
      encryptionPublicKey: Buffer.from(certificate.encryptionPublicKey),
      issuedAt: new Date(certificate.issuedAt),
      certificateSignature: Buffer.from(certificate.signature),
      status: DeviceStatus.ACTIVE,
      registeredAt: record.registeredAt,
      revokedAt: null,
      revocationReason: null,
    }),
  );
}

/** Two accounts racing for one device id: the unique index decides, and the loser hears CONFLICT. */
export function deviceIdConflictOr(error: unknown): unknown {
  if (isUniqueViolation(error, 'device_device_id_unique')) {
    return new DomainError(ErrorCode.Conflict, 'This device id is taken', {
      field: 'certificate.deviceId',
      reason: 'DEVICE_ID_TAKEN',
    });
  }
  return error;
}
