import { DomainError, ErrorCode } from '@fpn/core';
import {
  type BackupKeyCertificate,
  backupKeyCertificateToJson,
  CryptoError,
  fromBase64Url,
  parseBackupKeyCertificate,
  verifyBackupKeyCertificate,
} from '@fpn/crypto';

/** `crypto_box_seal` adds 48 bytes (ephemeral public key and MAC) to what it seals. */
export const SEAL_OVERHEAD_BYTES = 48;
/** A sealed identity or entry is far smaller (about 150 and 250 bytes); more is not ours. */
export const MAX_SEALED_BYTES = 1024;
export const MAX_CERTIFICATE_CHARS = 4096;
export const MAX_ENTRIES_PER_CALL = 500;
export const MAX_ENTRIES_PAGE = 500;

/**
 * A backup key certificate (JSON text) that parses strictly, names `accountId`
 * and verifies against `identityPublicKey` — or BAD_USER_INPUT
 * (`reason: BAD_CERTIFICATE`). Returns it with its normalized JSON.
 */
export function verifiedBackupCertificate(
  text: string,
  accountId: string,
  identityPublicKey: Uint8Array,
): { certificate: BackupKeyCertificate; json: string } {
  const refuse = (message: string, field: string, cause?: string): never => {
    throw new DomainError(ErrorCode.BadUserInput, message, {
      field,
      reason: 'BAD_CERTIFICATE',
      ...(cause ? { cause } : {}),
    });
  };
  if (text.length > MAX_CERTIFICATE_CHARS) {
    return refuse('The backup key certificate is too long', 'backupKeyCertificate');
  }
  let certificate: BackupKeyCertificate;
  try {
    certificate = parseBackupKeyCertificate(JSON.parse(text) as unknown);
  } catch (error) {
    if (error instanceof CryptoError || error instanceof SyntaxError) {
      return refuse(
        `The backup key certificate is not valid: ${error.message}`,
        'backupKeyCertificate',
        error instanceof CryptoError ? error.code : 'INVALID_JSON',
      );
    }
    throw error;
  }
  if (certificate.accountId !== accountId) {
    return refuse(
      'The backup key certificate names another account',
      'backupKeyCertificate.accountId',
    );
  }
  try {
    verifyBackupKeyCertificate(certificate, identityPublicKey);
  } catch (error) {
    if (error instanceof CryptoError) {
      return refuse(
        'The backup key certificate is not signed by your current identity key',
        'backupKeyCertificate.signature',
        error.code,
      );
    }
    throw error;
  }
  return { certificate, json: JSON.stringify(backupKeyCertificateToJson(certificate)) };
}

/** A sealed box in base64url of a plausible size, or BAD_USER_INPUT naming `field`. */
export function parseSealed(text: string, field: string): Buffer {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(text, field);
  } catch (error) {
    if (error instanceof CryptoError) {
      throw new DomainError(ErrorCode.BadUserInput, `${field} must be base64url`, {
        field,
        reason: error.code,
      });
    }
    throw error;
  }
  if (bytes.length <= SEAL_OVERHEAD_BYTES || bytes.length > MAX_SEALED_BYTES) {
    throw new DomainError(
      ErrorCode.BadUserInput,
      `${field} must be a sealed box of ${SEAL_OVERHEAD_BYTES + 1} to ${MAX_SEALED_BYTES} bytes`,
      { field },
    );
  }
  return Buffer.from(bytes);
}

/** Entries come back after an opaque cursor: the entry's sequence number, base64url. */
export function entryCursor(id: string): string {
  return Buffer.from(`kbe:${id}`, 'utf8').toString('base64url');
}

export function parseEntryCursor(cursor: string): string {
  const match = /^kbe:([1-9][0-9]{0,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || entryCursor(match[1]) !== cursor) {
    throw new DomainError(ErrorCode.BadUserInput, 'Not a cursor of this list', { field: 'after' });
  }
  return match[1];
}
