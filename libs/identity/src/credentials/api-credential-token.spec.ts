import { randomUUID } from 'node:crypto';
import {
  hashApiCredentialSecret,
  looksLikeApiCredentialToken,
  newApiCredentialSecret,
  parseApiCredentialToken,
  sameSecretHash,
} from './api-credential-token';

describe('API credential tokens', () => {
  const id = randomUUID();
  const { token, secretHash } = newApiCredentialSecret(id);

  it('reads `fpn_<id in hex>_<43-character secret>` back into the id and secret', () => {
    expect(token).toMatch(/^fpn_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiCredentialToken(token)).toBe(true);
    const parsed = parseApiCredentialToken(token);
    expect(parsed?.id).toBe(id);
    expect(sameSecretHash(hashApiCredentialSecret(parsed!.secret), secretHash)).toBe(true);
  });

  it('stores only a hash of the secret', () => {
    expect(secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toContain(secretHash);
  });

  it('refuses anything not exactly in that form', () => {
    const secret = token.slice(37);
    for (const bad of [
      '',
      'fpn_',
      `${token} `,
      `${token}x`,
      token.slice(0, -1),
      token.toUpperCase(),
      `fpn_${id}_${secret}`, // dashes in the id
      token.replace('fpn_', 'fpx_'),
      `fpn_${'g'.repeat(32)}_${secret}`,
      `${token.slice(0, -1)}=`,
      // Not the canonical encoding of 32 bytes: spare bits set in the last character.
      `${token.slice(0, -1)}B`,
    ]) {
      expect({ bad, parsed: parseApiCredentialToken(bad) }).toEqual({ bad, parsed: undefined });
    }
  });

  it('compares hashes only when both are well-formed', () => {
    expect(sameSecretHash(secretHash, null)).toBe(false);
    expect(sameSecretHash(secretHash, 'abc')).toBe(false);
    expect(sameSecretHash(hashApiCredentialSecret('other'), secretHash)).toBe(false);
  });
});
