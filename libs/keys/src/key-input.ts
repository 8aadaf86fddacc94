import { DomainError, ErrorCode } from '@fpn/core';
import {
  CryptoError,
  CryptoErrorCode,
  type DeviceCertificate,
  type DeviceCertificateJson,
  fromBase64Url,
  parseDeviceCertificate,
  PUBLIC_KEY_BYTES,
  sodium,
  verifyDeviceCertificate,
} from '@fpn/crypto';

/** A base64url Ed25519 public key, or BAD_USER_INPUT naming `field`. Never stores anything. */
export function parseIdentityPublicKey(text: string, field = 'publicKey'): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(text, field, PUBLIC_KEY_BYTES);
  } catch (error) {
    if (error instanceof CryptoError) {
      throw new DomainError(
        ErrorCode.BadUserInput,
        `${field} must be ${PUBLIC_KEY_BYTES} bytes of Ed25519 public key in base64url`,
        { field, reason: error.code },
      );
    }
    throw error;
  }
  if (!sodium().crypto_core_ed25519_is_valid_point(bytes)) {
    throw new DomainError(ErrorCode.BadUserInput, `${field} is not an Ed25519 public key`, {
      field,
      reason: CryptoErrorCode.InvalidField,
    });
  }
  return bytes;
}

/**
 * A device certificate that parses strictly, names `accountId` and carries the
 * signature of `identityPublicKey` — or BAD_USER_INPUT (`reason: BAD_CERTIFICATE`).
 */
export function verifiedCertificate(
  json: DeviceCertificateJson,
  accountId: string,
  identityPublicKey: Uint8Array,
): DeviceCertificate {
  const refuse = (message: string, field: string, cause?: string): never => {
    throw new DomainError(ErrorCode.BadUserInput, message, {
      field,
      reason: 'BAD_CERTIFICATE',
      ...(cause ? { cause } : {}),
    });
  };
  let certificate: DeviceCertificate;
  try {
    certificate = parseDeviceCertificate({ ...json });
  } catch (error) {
    if (error instanceof CryptoError) {
      return refuse(
        `The device certificate is not valid: ${error.message}`,
        'certificate',
        error.code,
      );
    }
    throw error;
  }
  if (certificate.accountId !== accountId) {
    return refuse('The device certificate names another account', 'certificate.accountId');
  }
  try {
    verifyDeviceCertificate(certificate, identityPublicKey);
  } catch (error) {
    if (error instanceof CryptoError) {
      return refuse(
        'The device certificate is not signed by your current identity key',
        'certificate.signature',
        error.code,
      );
    }
    throw error;
  }
  return certificate;
}
