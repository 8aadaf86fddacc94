import { DomainError, ErrorCode } from '@fpn/core';
import {
  backupKeyCertificateToJson,
  createBackup,
  generateIdentityKeyPair,
  generateRecoveryKey,
  initCrypto,
  toBase64Url,
} from '@fpn/crypto';
import {
  entryCursor,
  MAX_SEALED_BYTES,
  parseEntryCursor,
  parseSealed,
  verifiedBackupCertificate,
} from './key-backup-input';

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

describe('key backup input', () => {
  beforeAll(() => initCrypto());

  const certificateText = (accountId = ACCOUNT, identity = generateIdentityKeyPair()) => ({
    identity,
    text: JSON.stringify(
      backupKeyCertificateToJson(
        createBackup({
          identity,
          accountId,
          secret: { recoveryKey: generateRecoveryKey() },
          createdAt: new Date('2026-11-28T10:00:00.000Z'),
        }).certificate,
      ),
    ),
  });

  it('accepts a certificate the identity key signed for the account, normalized', () => {
    const { identity, text } = certificateText();
    const { certificate, json } = verifiedBackupCertificate(text, ACCOUNT, identity.publicKey);
    expect(certificate.accountId).toBe(ACCOUNT);
    expect(json).toBe(text);
  });

  it('refuses another signer, another account, bad JSON and oversized text as BAD_CERTIFICATE', () => {
    const { text } = certificateText();
    const other = generateIdentityKeyPair().publicKey;
    const cases: [string, string, string][] = [
      [text, ACCOUNT, 'backupKeyCertificate.signature'],
      [text, '00000000-0000-4000-8000-000000000000', 'backupKeyCertificate.accountId'],
      ['{"version":1', ACCOUNT, 'backupKeyCertificate'],
      ['{}', ACCOUNT, 'backupKeyCertificate'],
      [' '.repeat(5000), ACCOUNT, 'backupKeyCertificate'],
    ];
    for (const [input, account, field] of cases) {
      const error = refusal(() => verifiedBackupCertificate(input, account, other));
      expect(error.code).toBe(ErrorCode.BadUserInput);
      expect(error.details).toMatchObject({ field, reason: 'BAD_CERTIFICATE' });
    }
  });

  it('takes sealed boxes of a plausible size in canonical base64url only', () => {
    expect(parseSealed(toBase64Url(new Uint8Array(49)), 'e').length).toBe(49);
    for (const bad of [
      toBase64Url(new Uint8Array(48)),
      toBase64Url(new Uint8Array(MAX_SEALED_BYTES + 1)),
      'a+b/',
      '',
    ]) {
      expect(refusal(() => parseSealed(bad, 'entries.3')).details).toMatchObject({
        field: 'entries.3',
      });
    }
  });

  it('round-trips cursors and refuses anything else', () => {
    expect(parseEntryCursor(entryCursor('12345'))).toBe('12345');
    for (const bad of ['', 'abc', entryCursor('0'), Buffer.from('kbe:1x').toString('base64url')]) {
      expect(refusal(() => parseEntryCursor(bad)).details).toMatchObject({ field: 'after' });
    }
  });
});
