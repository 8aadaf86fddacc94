import { assertLength, concatBytes } from './bytes';
import { sodium } from '../sodium';

/**
 * `crypto_box_seal`, except that the ephemeral key pair comes from a seed.
 * Only the test-vector generator passes a seed; the output has exactly the
 * sealed-box format (ephemeral pk || crypto_box(m, nonce = BLAKE2b-192(epk || pk))),
 * so `crypto_box_seal_open` opens both.
 */
export function sealTo(
  message: Uint8Array,
  recipientPublicKey: Uint8Array,
  ephemeralSeed?: Uint8Array,
): Uint8Array {
  const s = sodium();
  assertLength(recipientPublicKey, s.crypto_box_PUBLICKEYBYTES, 'recipient encryption public key');
  if (ephemeralSeed === undefined) return s.crypto_box_seal(message, recipientPublicKey);
  const ephemeral = s.crypto_box_seed_keypair(ephemeralSeed);
  const nonce = s.crypto_generichash(
    s.crypto_box_NONCEBYTES,
    concatBytes(ephemeral.publicKey, recipientPublicKey),
    null,
  );
  const boxed = s.crypto_box_easy(message, nonce, recipientPublicKey, ephemeral.privateKey);
  s.memzero(ephemeral.privateKey);
  return concatBytes(ephemeral.publicKey, boxed);
}

/** Returns null when the box was not sealed to this key pair or was altered. */
export function openSealed(
  sealed: Uint8Array,
  publicKey: Uint8Array,
  secretKey: Uint8Array,
): Uint8Array | null {
  try {
    return sodium().crypto_box_seal_open(sealed, publicKey, secretKey);
  } catch {
    return null;
  }
}
