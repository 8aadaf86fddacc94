import { fingerprintDigits } from '@fpn/crypto';

/**
 * An identity key's fingerprint as people read it out: the 30 digits of
 * `fingerprintDigits` (docs/protocol.md) in six groups of five, separated by
 * spaces. Clients compute their own and never trust this one; it costs 5,200
 * SHA-512, so it is computed only when a field asks for it.
 */
export function readableFingerprint(accountId: string, identityPublicKey: Uint8Array): string {
  const digits = fingerprintDigits({ accountId, identityPublicKey });
  return (digits.match(/\d{5}/g) ?? []).join(' ');
}
