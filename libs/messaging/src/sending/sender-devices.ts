import { DomainError, ErrorCode } from '@fpn/core';
import { DeviceEntity, DeviceStatus } from '@fpn/keys';
import type { EntityManager } from 'typeorm';
import type { MessagingCaller } from '../caller/messaging-caller';

const invalid = (message: string, field: string) =>
  new DomainError(ErrorCode.Forbidden, message, { field, reason: 'SENDER_DEVICE_INVALID' });

/**
 * The caller's own active device: for a person, one of their devices not
 * bound to an API credential; for a ministry system, the device bound to its
 * credential (it acts for the account that issued the credential). Anything
 * else is FORBIDDEN (SENDER_DEVICE_INVALID); a revoked device DEVICE_REVOKED.
 * The whole device, as the message's `senderDevice` shows it.
 */
export async function callerDevice(
  manager: EntityManager,
  caller: MessagingCaller,
  deviceId: string,
  field: string,
): Promise<DeviceEntity> {
  const { entities, raw } = await manager
    .createQueryBuilder(DeviceEntity, 'd')
    .innerJoin('user_account', 'u', 'u.id = d.user_id')
    .addSelect('u.status', 'user_status')
    .where('d.device_id = :deviceId', { deviceId })
    .getRawAndEntities<{ user_status: string }>();
  const [device] = entities;
  const ownCredential = caller.kind === 'credential' ? caller.credentialId : null;
  if (!device || device.userId !== caller.userId || device.apiCredentialId !== ownCredential) {
    throw invalid('This is not one of your devices', field);
  }
  if (device.status === DeviceStatus.REVOKED) {
    throw new DomainError(ErrorCode.Forbidden, 'This device was revoked', {
      field,
      reason: 'DEVICE_REVOKED',
    });
  }
  if (raw[0].user_status !== 'active') throw invalid('This account is suspended', field);
  return device;
}
