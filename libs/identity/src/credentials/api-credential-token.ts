import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The token a ministry system sends as `Authorization: Bearer …`:
 * `fpn_<credential id, 32 hex digits>_<secret, 32 random bytes in base64url>`.
 * The id finds the row; only the secret's SHA-256 is stored. The secret has
 * 256 bits of entropy, so a fast hash is enough (nothing to brute-force).
 */
export const API_CREDENTIAL_PREFIX = 'fpn_';

const TOKEN = /^fpn_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
const SECRET_BYTES = 32;

export interface ParsedApiCredentialToken {
  id: string;
  secret: string;
}

/** Bearer tokens with this prefix are API credentials; anything else is an access token. */
export const looksLikeApiCredentialToken = (token: string) =>
  token.startsWith(API_CREDENTIAL_PREFIX);

export const hashApiCredentialSecret = (secret: string) =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/** A new secret for credential `id`: the token, shown once, and the hash to store. */
export function newApiCredentialSecret(id: string): { token: string; secretHash: string } {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return {
    token: `${API_CREDENTIAL_PREFIX}${id.replace(/-/g, '')}_${secret}`,
    secretHash: hashApiCredentialSecret(secret),
  };
}

/** The id (as a UUID) and secret of a well-formed token; undefined for anything else. */
export function parseApiCredentialToken(token: string): ParsedApiCredentialToken | undefined {
  const match = TOKEN.exec(token);
  if (!match) return undefined;
  const [, hex, secret] = match;
  // Only the canonical encoding of 32 bytes: no spare bits set in the last character.
  if (Buffer.from(secret, 'base64url').toString('base64url') !== secret) return undefined;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, secret };
}

/** Constant-time comparison of two SHA-256 hex digests. */
export function sameSecretHash(presented: string, stored: string | null): boolean {
  if (!stored) return false;
  const a = Buffer.from(presented, 'hex');
  const b = Buffer.from(stored, 'hex');
  return a.length === b.length && a.length === 32 && timingSafeEqual(a, b);
}
