import { CryptoErrorCode } from '../errors';
import { generateIdentityKeyPair } from '../keys/keys';
import { initCrypto, sodium } from '../sodium';
import {
  PASSPHRASE_MIN_MEMORY_BYTES,
  backupKeyCertificateToJson,
  createBackup,
  parseBackupKeyCertificate,
  restoreBackup,
  sealBackupEntry,
  verifyBackupKeyCertificate,
  type BackupKeyCertificate,
} from './key-backup';
import { formatRecoveryKey, generateRecoveryKey, parseRecoveryKey } from './recovery-key';

describe('key backup', () => {
  beforeAll(() => initCrypto());

  it('writes a recovery key as 14 groups of 4 and reads it back despite case and O/I/L', () => {
    const key = generateRecoveryKey();
    const text = formatRecoveryKey(key);
    expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){13}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseRecoveryKey(text)).toEqual(key);
    expect(
      parseRecoveryKey(text.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l')),
    ).toEqual(key);
    const typo = (text[0] === 'A' ? 'B' : 'A') + text.slice(1);
    expect(() => parseRecoveryKey(typo)).toThrow(
      expect.objectContaining({ code: CryptoErrorCode.InvalidRecoveryKey }),
    );
  });

  it('restores the identity and every entry appended by any device, from the recovery key alone', () => {
    const identity = generateIdentityKeyPair();
    const recoveryKey = generateRecoveryKey();
    const { certificate, sealedIdentity } = createBackup({
      identity,
      accountId: 'acct-1',
      secret: { recoveryKey },
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
    });
    // Devices only see the certificate, which they verify against the pinned identity key.
    const published = parseBackupKeyCertificate(
      JSON.parse(JSON.stringify(backupKeyCertificateToJson(certificate))),
    );
    verifyBackupKeyCertificate(published, identity.publicKey);
    const keyA = sodium().randombytes_buf(32);
    const keyB = sodium().randombytes_buf(32);
    const entries = [
      sealBackupEntry({
        accountId: 'acct-1',
        backupPublicKey: published.backupPublicKey,
        messageId: 'm-1',
        contentKey: keyA,
      }),
      sealBackupEntry({
        accountId: 'acct-1',
        backupPublicKey: published.backupPublicKey,
        messageId: 'm-2',
        contentKey: keyB,
      }),
      sodium().crypto_box_seal(new Uint8Array(10), published.backupPublicKey),
      sealBackupEntry({
        accountId: 'acct-2',
        backupPublicKey: published.backupPublicKey,
        messageId: 'm-3',
        contentKey: keyB,
      }),
    ];
    const restored = restoreBackup({
      certificate: published,
      expectedIdentityPublicKey: identity.publicKey,
      secret: { recoveryKey: parseRecoveryKey(formatRecoveryKey(recoveryKey)) },
      sealedIdentity,
      entries,
    });
    expect(restored.identity).toEqual(identity);
    expect(restored.keys).toEqual([
      { messageId: 'm-1', contentKey: keyA },
      { messageId: 'm-2', contentKey: keyB },
    ]);
    expect(restored.unreadableEntries).toBe(2);
  });

  it('refuses a wrong recovery key, another identity, or a substituted identity seal', () => {
    const identity = generateIdentityKeyPair();
    const recoveryKey = generateRecoveryKey();
    const backup = createBackup({
      identity,
      accountId: 'acct-1',
      secret: { recoveryKey },
      createdAt: new Date(0),
    });
    const restore = (overrides: Partial<Parameters<typeof restoreBackup>[0]>) =>
      restoreBackup({
        certificate: backup.certificate,
        expectedIdentityPublicKey: identity.publicKey,
        secret: { recoveryKey },
        sealedIdentity: backup.sealedIdentity,
        entries: [],
        ...overrides,
      });
    expect(() => restore({ secret: { recoveryKey: generateRecoveryKey() } })).toThrow(
      expect.objectContaining({ code: CryptoErrorCode.KeyMismatch }),
    );
    expect(() =>
      restore({ expectedIdentityPublicKey: generateIdentityKeyPair().publicKey }),
    ).toThrow(expect.objectContaining({ code: CryptoErrorCode.BadSignature }));
    // Whoever knows the backup public key can seal; the restored identity must still be the pinned one.
    const impostor = createBackup({
      identity: generateIdentityKeyPair(),
      accountId: 'acct-1',
      secret: { recoveryKey },
      createdAt: new Date(0),
    });
    expect(() => restore({ sealedIdentity: impostor.sealedIdentity })).toThrow(
      expect.objectContaining({ code: CryptoErrorCode.KeyMismatch }),
    );
    const forged: BackupKeyCertificate = {
      ...backup.certificate,
      createdAt: '2030-01-01T00:00:00.000Z',
    };
    expect(() => restore({ certificate: forged })).toThrow(
      expect.objectContaining({ code: CryptoErrorCode.BadSignature }),
    );
  });

  it('refuses passphrase parameters below 256 MiB and 3 passes', () => {
    const json = {
      ...backupKeyCertificateToJson(
        createBackup({
          identity: generateIdentityKeyPair(),
          accountId: 'acct-1',
          secret: { recoveryKey: generateRecoveryKey() },
          createdAt: new Date(0),
        }).certificate,
      ),
      kdf: {
        kind: 'argon2id',
        salt: 'AAAAAAAAAAAAAAAAAAAAAA',
        passes: 2,
        memoryBytes: PASSPHRASE_MIN_MEMORY_BYTES,
      },
    };
    expect(() => parseBackupKeyCertificate(json)).toThrow(
      expect.objectContaining({ code: CryptoErrorCode.WeakKdfParameters }),
    );
    json.kdf.passes = 3;
    json.kdf.memoryBytes = PASSPHRASE_MIN_MEMORY_BYTES - 1024;
    expect(() => parseBackupKeyCertificate(json)).toThrow(
      expect.objectContaining({ code: CryptoErrorCode.WeakKdfParameters }),
    );
  });

  it('restores from a passphrase through Argon2id at 256 MiB and 3 passes', () => {
    const identity = generateIdentityKeyPair();
    const secret = { passphrase: 'correct horse battery staple, Vienna' };
    // Argon2id runs twice here (create, restore): the floor the protocol requires, nothing cheaper.
    const backup = createBackup({ identity, accountId: 'acct-1', secret, createdAt: new Date(0) });
    expect(backup.certificate.kdf).toMatchObject({
      kind: 'argon2id',
      passes: 3,
      memoryBytes: 256 * 1024 * 1024,
    });
    const contentKey = sodium().randombytes_buf(32);
    const entry = sealBackupEntry({
      accountId: 'acct-1',
      backupPublicKey: backup.certificate.backupPublicKey,
      messageId: 'm-1',
      contentKey,
    });
    const restored = restoreBackup({
      certificate: backup.certificate,
      expectedIdentityPublicKey: identity.publicKey,
      secret,
      sealedIdentity: backup.sealedIdentity,
      entries: [entry],
    });
    expect(restored.identity.publicKey).toEqual(identity.publicKey);
    expect(restored.keys).toEqual([{ messageId: 'm-1', contentKey }]);
  });
});
