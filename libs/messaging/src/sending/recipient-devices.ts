import { DomainError, ErrorCode } from '@fpn/core';

export interface RecipientDeviceMismatch {
  /** Devices that must receive it and have no sealed key. */
  missingDevices: string[];
  /** Sealed keys for devices that must not receive it (unknown, revoked, not addressed). */
  unexpectedDevices: string[];
}

/** How the sealed keys differ from the devices that must receive; null when they match exactly. */
export function compareRecipientDevices(
  expected: readonly string[],
  sealed: readonly string[],
): RecipientDeviceMismatch | null {
  const want = new Set(expected);
  const have = new Set(sealed);
  const missingDevices = [...want].filter((id) => !have.has(id)).sort();
  const unexpectedDevices = [...have].filter((id) => !want.has(id)).sort();
  return missingDevices.length || unexpectedDevices.length
    ? { missingDevices, unexpectedDevices }
    : null;
}

/** CONFLICT naming the devices: the SDK refreshes the keys it trusts and encrypts again. */
export function recipientDevicesMismatch(mismatch: RecipientDeviceMismatch): DomainError {
  return new DomainError(
    ErrorCode.Conflict,
    `The sealed keys do not match the devices that must receive this message (${mismatch.missingDevices.length} missing, ${mismatch.unexpectedDevices.length} unexpected)`,
    { reason: 'RECIPIENT_DEVICES_MISMATCH', ...mismatch },
  );
}
