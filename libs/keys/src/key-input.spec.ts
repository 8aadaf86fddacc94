import { DomainError, ErrorCode } from '@fpn/core';
import {
  createDeviceCertificate,
  deviceCertificateToJson,
  generateDeviceKeys,
  generateIdentityKeyPair,
  initCrypto,
  toBase64Url,
} from '@fpn/crypto';
import { parseIdentityPublicKey, verifiedCertificate } from './key-input';

const ACCOUNT = '3f2a8c1e-0b7d-4e5f-9a6b-1c2d3e4f5a6b';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('key directory input', () => {
  beforeAll(() => initCrypto());

  const certificateFor = (identity = generateIdentityKeyPair(), accountId = ACCOUNT) =>
    deviceCertificateToJson(
      createDeviceCertificate({
        identity,
        accountId,
        device: generateDeviceKeys('laptop-1'),
        issuedAt: new Date('2026-11-28T10:00:00.000Z'),
      }),
    );

  it('takes a 32-byte Ed25519 public key in base64url', () => {
    const identity = generateIdentityKeyPair();
    expect(parseIdentityPublicKey(toBase64Url(identity.publicKey))).toEqual(identity.publicKey);
  });

  it.each([
    ['too short', Buffer.alloc(31, 7).toString('base64url')],
    ['too long', Buffer.alloc(33, 7).toString('base64url')],
    ['the 64-byte secret key', Buffer.alloc(64, 7).toString('base64url')],
    ['not base64url', 'not+base64/at all=='],
    ['empty', ''],
  ])('refuses a key that is %s, naming the field', (_what, text) => {
    const error = refusal(() => parseIdentityPublicKey(text));
    expect(error.code).toBe(ErrorCode.BadUserInput);
    expect(error.details).toMatchObject({ field: 'publicKey' });
  });

  it('accepts a certificate the identity key signed for this account', () => {
    const identity = generateIdentityKeyPair();
    const json = certificateFor(identity);
    expect(verifiedCertificate(json, ACCOUNT, identity.publicKey).deviceId).toBe('laptop-1');
  });

  it('refuses a certificate signed by another key, for another account, or altered', () => {
    const identity = generateIdentityKeyPair();
    const cases = [
      () => verifiedCertificate(certificateFor(), ACCOUNT, identity.publicKey),
      () =>
        verifiedCertificate(
          certificateFor(identity),
          ACCOUNT.replace('3f', '4f'),
          identity.publicKey,
        ),
      () =>
        verifiedCertificate(
          { ...certificateFor(identity), deviceId: 'laptop-2' },
          ACCOUNT,
          identity.publicKey,
        ),
      () =>
        verifiedCertificate(
          { ...certificateFor(identity), version: 2 },
          ACCOUNT,
          identity.publicKey,
        ),
      () =>
        verifiedCertificate(
          { ...certificateFor(identity), signingPublicKey: 'AAAA' },
          ACCOUNT,
          identity.publicKey,
        ),
    ];
    for (const run of cases) {
      const error = refusal(run);
      expect(error.code).toBe(ErrorCode.BadUserInput);
      expect(error.details).toMatchObject({ reason: 'BAD_CERTIFICATE' });
    }
  });
});
