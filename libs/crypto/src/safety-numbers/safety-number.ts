import { assertLength, concatBytes, utf8 } from '../encoding/bytes';
import { assertIdentifier } from '../keys/identifiers';
import { PUBLIC_KEY_BYTES } from '../keys/keys';
import { sodium } from '../sodium';

/** As Signal's NumericFingerprintGenerator: enough work to make a matching collision expensive. */
export const SAFETY_NUMBER_ITERATIONS = 5200;
const FINGERPRINT_VERSION = 0;

export interface SafetyNumberParty {
  /** The account's stable id, hashed with the key so a key cannot be replayed for someone else. */
  accountId: string;
  identityPublicKey: Uint8Array;
}

export interface SafetyNumber {
  /** 60 digits: the two parties' 30-digit halves, the smaller first, so both sides agree. */
  digits: string;
  /** The digits as 12 groups of 5, the form people compare. */
  groups: string[];
}

/**
 * The number two people compare out of band to know they see the same
 * identity keys. Symmetric: safetyNumber(a, b) equals safetyNumber(b, a).
 */
export function safetyNumber(a: SafetyNumberParty, b: SafetyNumberParty): SafetyNumber {
  const halves = [fingerprintDigits(a), fingerprintDigits(b)].sort();
  const digits = halves.join('');
  return { digits, groups: digits.match(/\d{5}/g) ?? [] };
}

/**
 * One party's 30 digits: hash = version (2 bytes, big-endian) || key || id;
 * 5200 times hash = SHA-512(hash || key); then six 5-byte big-endian chunks
 * of the result, each mod 100000, zero-padded to 5 digits.
 */
export function fingerprintDigits(party: SafetyNumberParty): string {
  assertIdentifier(party.accountId, 'accountId');
  assertLength(party.identityPublicKey, PUBLIC_KEY_BYTES, 'identityPublicKey');
  const s = sodium();
  const key = party.identityPublicKey;
  let hash = concatBytes(
    Uint8Array.of(FINGERPRINT_VERSION >> 8, FINGERPRINT_VERSION & 0xff),
    key,
    utf8(party.accountId),
  );
  for (let i = 0; i < SAFETY_NUMBER_ITERATIONS; i++) {
    hash = s.crypto_hash_sha512(concatBytes(hash, key));
  }
  let out = '';
  for (let offset = 0; offset < 30; offset += 5) {
    let chunk = 0;
    for (let i = 0; i < 5; i++) chunk = chunk * 256 + hash[offset + i];
    out += String(chunk % 100_000).padStart(5, '0');
  }
  return out;
}
