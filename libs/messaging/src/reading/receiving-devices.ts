import { DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { DeviceStatus } from '@fpn/keys';
import type { EntityManager } from 'typeorm';
import type { MessagingCaller } from '../caller/messaging-caller';

/**
 * A device the caller receives on: a person's own device (not one bound to
 * an API credential), or a ministry system's bound device. Anyone else's is
 * NOT_FOUND; a revoked one FORBIDDEN (DEVICE_REVOKED).
 */
export async function assertReceivingDevice(
  manager: EntityManager,
  caller: MessagingCaller,
  deviceId: string,
): Promise<void> {
  const [device] = await manager.query<ReceivingDeviceRow[]>(
    'SELECT user_id, status, api_credential_id FROM device WHERE device_id = $1',
    [deviceId],
  );
  checkReceivingDevice(device, caller, deviceId);
}

/** A device row as the checks below read it (`undefined`: no such device). */
export interface ReceivingDeviceRow {
  user_id: string;
  status: DeviceStatus;
  api_credential_id: string | null;
}

/**
 * The receiving-device rule on a row already read — for statements that read
 * the device and act on it at once (confirmDelivery: the same rule, in SQL,
 * guards its UPDATE).
 */
export function checkReceivingDevice(
  device: ReceivingDeviceRow | undefined,
  caller: MessagingCaller,
  deviceId: string,
): asserts device is ReceivingDeviceRow {
  const ownCredential = caller.kind === 'credential' ? caller.credentialId : null;
  if (!device || device.user_id !== caller.userId || device.api_credential_id !== ownCredential) {
    throw new NotFoundError('Device', deviceId);
  }
  if (device.status === DeviceStatus.REVOKED) {
    throw new DomainError(ErrorCode.Forbidden, 'This device was revoked', {
      field: 'deviceId',
      reason: 'DEVICE_REVOKED',
    });
  }
}
