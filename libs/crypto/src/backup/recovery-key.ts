import { assertLength, bytesEqual, concatBytes } from '../encoding/bytes';
import { CryptoError, CryptoErrorCode } from '../errors';
import { sodium } from '../sodium';

export const RECOVERY_KEY_BYTES = 32;
const CHECKSUM_BYTES = 3;
/** Crockford's base32: no I, L, O or U, so nothing reads as another symbol. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A fresh 256-bit recovery key; only its owner ever sees it. */
export function generateRecoveryKey(): Uint8Array {
  return sodium().randombytes_buf(RECOVERY_KEY_BYTES);
}

/**
 * The form a person writes down: key || first 3 bytes of BLAKE2b-256(key),
 * 35 bytes as 56 Crockford base32 characters in 14 groups of 4.
 */
export function formatRecoveryKey(key: Uint8Array): string {
  assertLength(key, RECOVERY_KEY_BYTES, 'recovery key');
  const data = concatBytes(key, checksum(key));
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return (out.match(/.{4}/g) ?? []).join('-');
}

/**
 * Reads a recovery key as typed: case, spaces and hyphens do not matter, and
 * O, I and L are read as 0, 1 and 1. A typo fails the checksum.
 */
export function parseRecoveryKey(text: string): Uint8Array {
  const symbols = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (symbols.length !== 56) {
    throw new CryptoError(CryptoErrorCode.InvalidRecoveryKey, 'a recovery key has 56 characters');
  }
  const data = new Uint8Array(RECOVERY_KEY_BYTES + CHECKSUM_BYTES);
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const symbol of symbols) {
    const digit = ALPHABET.indexOf(symbol);
    if (digit < 0) {
      throw new CryptoError(
        CryptoErrorCode.InvalidRecoveryKey,
        'the recovery key has a character outside its alphabet',
      );
    }
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      data[index++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  const key = data.slice(0, RECOVERY_KEY_BYTES);
  if (!bytesEqual(data.subarray(RECOVERY_KEY_BYTES), checksum(key))) {
    throw new CryptoError(
      CryptoErrorCode.InvalidRecoveryKey,
      'the recovery key has a typo (checksum mismatch)',
    );
  }
  return key;
}

function checksum(key: Uint8Array): Uint8Array {
  return sodium().crypto_generichash(32, key, null).subarray(0, CHECKSUM_BYTES);
}
