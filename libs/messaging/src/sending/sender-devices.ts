import { DomainError, ErrorCode } from '@fpn/core';
import { DeviceStatus } from '@fpn/keys';
import type { EntityManager } from 'typeorm';
import type { MessagingCaller } from '../caller/messaging-caller';

export interface CallerDevice {
  deviceId: string;
  signingPublicKey: Buffer;
}

const invalid = (message: string, field: string) =>
  new DomainError(ErrorCode.Forbidden, message, { field, reason: 'SENDER_DEVICE_INVALID' });

/**
 * The caller's own active device: for a person, one of their devices not
 * bound to an API credential; for a ministry system, the device bound to its
 * credential (it acts for the account that issued the credential). Anything
 * else is FORBIDDEN (SENDER_DEVICE_INVALID); a revoked device DEVICE_REVOKED.
 */
export async function callerDevice(
  manager: EntityManager,
  caller: MessagingCaller,
  deviceId: string,
  field: string,
): Promise<CallerDevice> {
  const [device] = await manager.query<
    {
      device_id: string;
      user_id: string;
      status: DeviceStatus;
      api_credential_id: string | null;
      signing_public_key: Buffer;
      user_status: string;
    }[]
  >(
    `SELECT d.device_id, d.user_id, d.status, d.api_credential_id, d.signing_public_key,
            u.status AS user_status
       FROM device d JOIN user_account u ON u.id = d.user_id
      WHERE d.device_id = $1`,
    [deviceId],
  );
  const ownCredential = caller.kind === 'credential' ? caller.credentialId : null;
  if (!device || device.user_id !== caller.userId || device.api_credential_id !== ownCredential) {
    throw invalid('This is not one of your devices', field);
  }
  if (device.status === DeviceStatus.REVOKED) {
    throw new DomainError(ErrorCode.Forbidden, 'This device was revoked', {
      field,
      reason: 'DEVICE_REVOKED',
    });
  }
  if (device.user_status !== 'active') throw invalid('This account is suspended', field);
  return { deviceId: device.device_id, signingPublicKey: device.signing_public_key };
}
