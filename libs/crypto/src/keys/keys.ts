import { assertLength } from '../encoding/bytes';
import { sodium } from '../sodium';

export const PUBLIC_KEY_BYTES = 32;
export const SIGNING_SECRET_KEY_BYTES = 64;
export const ENCRYPTION_SECRET_KEY_BYTES = 32;
export const SEED_BYTES = 32;
export const SIGNATURE_BYTES = 64;

export interface SigningKeyPair {
  /** Ed25519 public key, 32 bytes. */
  publicKey: Uint8Array;
  /** Ed25519 secret key as libsodium holds it (seed || public key), 64 bytes. */
  secretKey: Uint8Array;
}

export interface EncryptionKeyPair {
  /** X25519 public key, 32 bytes. */
  publicKey: Uint8Array;
  /** X25519 secret key, 32 bytes. */
  secretKey: Uint8Array;
}

/** One account's identity: it certifies devices and the backup key. */
export type IdentityKeyPair = SigningKeyPair;

/** A device's own keys: it signs what it sends and opens what is sealed to it. */
export interface DeviceKeys {
  deviceId: string;
  signing: SigningKeyPair;
  encryption: EncryptionKeyPair;
}

/** Ed25519 from a 32-byte seed (test vectors, restore) or from fresh randomness. */
export function generateSigningKeyPair(seed?: Uint8Array): SigningKeyPair {
  const s = sodium();
  if (seed === undefined) return pick(s.crypto_sign_keypair());
  assertLength(seed, SEED_BYTES, 'seed');
  return pick(s.crypto_sign_seed_keypair(seed));
}

/** X25519 from a 32-byte seed or from fresh randomness. */
export function generateEncryptionKeyPair(seed?: Uint8Array): EncryptionKeyPair {
  const s = sodium();
  if (seed === undefined) return pick(s.crypto_box_keypair());
  assertLength(seed, SEED_BYTES, 'seed');
  return pick(s.crypto_box_seed_keypair(seed));
}

export function generateIdentityKeyPair(seed?: Uint8Array): IdentityKeyPair {
  return generateSigningKeyPair(seed);
}

export function generateDeviceKeys(
  deviceId: string,
  seeds?: { signing: Uint8Array; encryption: Uint8Array },
): DeviceKeys {
  return {
    deviceId,
    signing: generateSigningKeyPair(seeds?.signing),
    encryption: generateEncryptionKeyPair(seeds?.encryption),
  };
}

/** The 32-byte seed an Ed25519 secret key was made from (what a backup stores). */
export function signingSeedOf(keyPair: SigningKeyPair): Uint8Array {
  assertLength(keyPair.secretKey, SIGNING_SECRET_KEY_BYTES, 'signing secret key');
  return sodium().crypto_sign_ed25519_sk_to_seed(keyPair.secretKey);
}

function pick(keyPair: { publicKey: Uint8Array; privateKey: Uint8Array }): {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
} {
  return { publicKey: keyPair.publicKey, secretKey: keyPair.privateKey };
}
