import { assertLength, fromBase64Url, toBase64Url } from '../encoding/bytes';
import { CanonicalWriter } from '../encoding/canonical';
import { expectObject } from '../encoding/json';
import { CryptoError, CryptoErrorCode } from '../errors';
import { sodium } from '../sodium';
import { assertIdentifier, assertTimestamp } from './identifiers';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type DeviceKeys, type IdentityKeyPair } from './keys';

export const DEVICE_CERTIFICATE_VERSION = 1;
const TAG = 'fpn/device-certificate/v1';

/** The identity key's statement "this device, with these keys, is mine, since issuedAt". */
export interface DeviceCertificate {
  version: 1;
  accountId: string;
  deviceId: string;
  signingPublicKey: Uint8Array;
  encryptionPublicKey: Uint8Array;
  /** UTC, millisecond ISO 8601, from the caller's clock. */
  issuedAt: string;
  /** Ed25519 by the identity key over the canonical encoding. */
  signature: Uint8Array;
}

export interface DeviceCertificateJson {
  version: number;
  accountId: string;
  deviceId: string;
  signingPublicKey: string;
  encryptionPublicKey: string;
  issuedAt: string;
  signature: string;
}

/** The bytes the identity key signs (tag fpn/device-certificate/v1). */
export function deviceCertificateSignedBytes(
  cert: Omit<DeviceCertificate, 'signature'>,
): Uint8Array {
  return new CanonicalWriter(TAG)
    .string(cert.accountId)
    .string(cert.deviceId)
    .bytes(cert.signingPublicKey)
    .bytes(cert.encryptionPublicKey)
    .string(cert.issuedAt)
    .finish();
}

function validate(cert: Omit<DeviceCertificate, 'signature'>): void {
  if (cert.version !== DEVICE_CERTIFICATE_VERSION) {
    throw new CryptoError(
      CryptoErrorCode.UnsupportedVersion,
      `device certificate version ${String(cert.version)}`,
    );
  }
  assertIdentifier(cert.accountId, 'accountId');
  assertIdentifier(cert.deviceId, 'deviceId');
  assertLength(cert.signingPublicKey, PUBLIC_KEY_BYTES, 'signingPublicKey');
  assertLength(cert.encryptionPublicKey, PUBLIC_KEY_BYTES, 'encryptionPublicKey');
  assertTimestamp(cert.issuedAt, 'issuedAt');
}

export function createDeviceCertificate(input: {
  identity: IdentityKeyPair;
  accountId: string;
  device: Pick<DeviceKeys, 'deviceId'> & {
    signing: { publicKey: Uint8Array };
    encryption: { publicKey: Uint8Array };
  };
  issuedAt: Date;
}): DeviceCertificate {
  const unsigned = {
    version: DEVICE_CERTIFICATE_VERSION,
    accountId: input.accountId,
    deviceId: input.device.deviceId,
    signingPublicKey: input.device.signing.publicKey,
    encryptionPublicKey: input.device.encryption.publicKey,
    issuedAt: input.issuedAt.toISOString(),
  } as const;
  validate(unsigned);
  const signature = sodium().crypto_sign_detached(
    deviceCertificateSignedBytes(unsigned),
    input.identity.secretKey,
  );
  return { ...unsigned, signature };
}

/** Throws CRYPTO_BAD_SIGNATURE unless the identity key signed exactly this certificate. */
export function verifyDeviceCertificate(
  cert: DeviceCertificate,
  identityPublicKey: Uint8Array,
): void {
  validate(cert);
  assertLength(identityPublicKey, PUBLIC_KEY_BYTES, 'identityPublicKey');
  assertLength(cert.signature, SIGNATURE_BYTES, 'signature');
  if (
    !sodium().crypto_sign_verify_detached(
      cert.signature,
      deviceCertificateSignedBytes(cert),
      identityPublicKey,
    )
  ) {
    throw new CryptoError(
      CryptoErrorCode.BadSignature,
      'device certificate signature does not verify',
    );
  }
}

export function deviceCertificateToJson(cert: DeviceCertificate): DeviceCertificateJson {
  return {
    version: cert.version,
    accountId: cert.accountId,
    deviceId: cert.deviceId,
    signingPublicKey: toBase64Url(cert.signingPublicKey),
    encryptionPublicKey: toBase64Url(cert.encryptionPublicKey),
    issuedAt: cert.issuedAt,
    signature: toBase64Url(cert.signature),
  };
}

/** Strict parse: unknown fields, wrong lengths or an unknown version are refused (no signature check). */
export function parseDeviceCertificate(json: unknown): DeviceCertificate {
  const o = expectObject(json, 'device certificate', [
    'version',
    'accountId',
    'deviceId',
    'signingPublicKey',
    'encryptionPublicKey',
    'issuedAt',
    'signature',
  ]);
  if (o.version !== DEVICE_CERTIFICATE_VERSION) {
    throw new CryptoError(
      CryptoErrorCode.UnsupportedVersion,
      `device certificate version ${String(o.version)}`,
    );
  }
  assertIdentifier(o.accountId, 'accountId');
  assertIdentifier(o.deviceId, 'deviceId');
  assertTimestamp(o.issuedAt, 'issuedAt');
  return {
    version: DEVICE_CERTIFICATE_VERSION,
    accountId: o.accountId,
    deviceId: o.deviceId,
    signingPublicKey: fromBase64Url(o.signingPublicKey, 'signingPublicKey', PUBLIC_KEY_BYTES),
    encryptionPublicKey: fromBase64Url(
      o.encryptionPublicKey,
      'encryptionPublicKey',
      PUBLIC_KEY_BYTES,
    ),
    issuedAt: o.issuedAt,
    signature: fromBase64Url(o.signature, 'signature', SIGNATURE_BYTES),
  };
}
