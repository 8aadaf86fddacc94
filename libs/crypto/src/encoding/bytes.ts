import { CryptoError, CryptoErrorCode } from '../errors';
import { sodium } from '../sodium';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    throw new CryptoError(CryptoErrorCode.InvalidEncoding, 'invalid UTF-8');
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Constant-time equality for secrets and MACs of equal length. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && sodium().memcmp(a, b);
}

/** base64url without padding, the only binary form on the wire. */
export function toBase64Url(bytes: Uint8Array): string {
  const s = sodium();
  return s.to_base64(bytes, s.base64_variants.URLSAFE_NO_PADDING);
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url: no padding, no other alphabet, canonical trailing bits
 * (so one byte string has exactly one text form), and the exact length when
 * the field has one.
 */
export function fromBase64Url(text: unknown, field: string, expectedLength?: number): Uint8Array {
  if (typeof text !== 'string' || !BASE64URL.test(text) || text.length % 4 === 1) {
    throw new CryptoError(CryptoErrorCode.InvalidEncoding, `${field} is not base64url`);
  }
  const s = sodium();
  let bytes: Uint8Array;
  try {
    bytes = s.from_base64(text, s.base64_variants.URLSAFE_NO_PADDING);
  } catch {
    throw new CryptoError(CryptoErrorCode.InvalidEncoding, `${field} is not base64url`);
  }
  if (toBase64Url(bytes) !== text) {
    throw new CryptoError(CryptoErrorCode.InvalidEncoding, `${field} is not canonical base64url`);
  }
  if (expectedLength !== undefined) assertLength(bytes, expectedLength, field);
  return bytes;
}

export function assertLength(bytes: Uint8Array, expected: number, field: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== expected) {
    throw new CryptoError(
      CryptoErrorCode.InvalidKeyLength,
      `${field} must be ${expected} bytes, got ${bytes instanceof Uint8Array ? bytes.length : 'none'}`,
    );
  }
}
