import { createHash } from 'node:crypto';
import { DomainError, ErrorCode } from '@fpn/core';
import { CryptoError, type Envelope, envelopeToJson, parseEnvelope } from '@fpn/crypto';

/** An envelope that parsed strictly, with its canonical text (what is stored) and its hash. */
export interface ReceivedEnvelope {
  envelope: Envelope;
  /** `JSON.stringify(envelopeToJson(envelope))`: what the SDK sends, byte for byte. */
  canonical: string;
  /** SHA-256 of `canonical`: the same message id must come back with the same envelope. */
  sha256: Buffer;
}

/**
 * Parses the envelope of a send strictly (libs/crypto) — any refusal is
 * BAD_USER_INPUT on `envelope` with the CRYPTO_* code as `reason` — and
 * refuses a body over the configured size (MESSAGE_TOO_LARGE). The
 * signature is checked later, with the sender device's key.
 */
export function receiveEnvelope(text: string, maxCiphertextBytes: number): ReceivedEnvelope {
  let envelope: Envelope;
  try {
    envelope = parseEnvelope(text);
  } catch (error) {
    if (error instanceof CryptoError) {
      throw new DomainError(ErrorCode.BadUserInput, `The envelope is not valid: ${error.message}`, {
        field: 'envelope',
        reason: error.code,
      });
    }
    throw error;
  }
  if (envelope.ciphertext.length > maxCiphertextBytes) {
    throw new DomainError(
      ErrorCode.BadUserInput,
      `The message body is ${envelope.ciphertext.length} bytes encrypted; at most ${maxCiphertextBytes} are accepted`,
      { field: 'envelope', reason: 'MESSAGE_TOO_LARGE', maxBytes: maxCiphertextBytes },
    );
  }
  const canonical = JSON.stringify(envelopeToJson(envelope));
  return { envelope, canonical, sha256: createHash('sha256').update(canonical).digest() };
}
