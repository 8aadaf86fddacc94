import { DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { DeviceStatus } from '@fpn/keys';
import type { EntityManager } from 'typeorm';
import type { MessagingCaller } from '../caller/messaging-caller';

/**
 * A device the caller receives on: a person's own device (not one bound to
 * an API credential), or a ministry system's bound device. Anyone else's is
 * NOT_FOUND; a revoked one FORBIDDEN (DEVICE_REVOKED). Answers, in the same
 * statement, whether a committed delivery to it still waits for its position
 * (delivery/delivery-positions.ts).
 */
export async function assertReceivingDevice(
  manager: EntityManager,
  caller: MessagingCaller,
  deviceId: string,
): Promise<{ positionsPending: boolean }> {
  const [device] = await manager.query<(ReceivingDeviceRow & { positions_pending: boolean })[]>(
    `SELECT user_id, status, api_credential_id,
            EXISTS (SELECT 1 FROM message_delivery
                     WHERE device_id = $1 AND position IS NULL) AS positions_pending
       FROM device WHERE device_id = $1`,
    [deviceId],
  );
  checkReceivingDevice(device, caller, deviceId);
  return { positionsPending: device.positions_pending };
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
