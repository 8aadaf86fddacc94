import { createHash, randomBytes } from 'node:crypto';

/**
 * A calendar feed's token: 32 random bytes in base64url (43 characters), in
 * the feed's address. Only its SHA-256 is stored; with 256 bits of entropy a
 * fast hash is enough (nothing to brute-force).
 */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const hashCalendarFeedToken = (token: string): Buffer =>
  createHash('sha256').update(Buffer.from(token, 'base64url')).digest();

export function newCalendarFeedToken(): { token: string; tokenHash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashCalendarFeedToken(token) };
}

/** A well-formed token (the canonical encoding of 32 bytes), or undefined. */
export function parseCalendarFeedToken(value: string): string | undefined {
  if (!TOKEN.test(value)) return undefined;
  return Buffer.from(value, 'base64url').toString('base64url') === value ? value : undefined;
}
