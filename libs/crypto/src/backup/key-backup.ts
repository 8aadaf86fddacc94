import {
  assertLength,
  bytesEqual,
  fromBase64Url,
  fromUtf8,
  toBase64Url,
  utf8,
} from '../encoding/bytes';
import { CanonicalWriter } from '../encoding/canonical';
import { expectObject } from '../encoding/json';
import { openSealed, sealTo } from '../encoding/seal';
import { CryptoError, CryptoErrorCode } from '../errors';
import { CONTENT_KEY_BYTES } from '../envelope/envelope';
import { assertIdentifier, assertTimestamp } from '../keys/identifiers';
import {
  PUBLIC_KEY_BYTES,
  SEED_BYTES,
  SIGNATURE_BYTES,
  generateEncryptionKeyPair,
  generateIdentityKeyPair,
  signingSeedOf,
  type EncryptionKeyPair,
  type IdentityKeyPair,
} from '../keys/keys';
import { sodium } from '../sodium';
import { RECOVERY_KEY_BYTES } from './recovery-key';

export const BACKUP_VERSION = 1;
/** DESIGN §3: a passphrase costs at least 256 MiB and 3 passes of Argon2id, here and on restore. */
export const PASSPHRASE_MIN_MEMORY_BYTES = 256 * 1024 * 1024;
export const PASSPHRASE_MIN_PASSES = 3;
export const PASSPHRASE_SALT_BYTES = 16;
const KDF_CONTEXT = 'fpnbckup';
const KDF_SUBKEY_BACKUP = 1;

/** How the root secret is obtained: a recovery key as is, or a passphrase through Argon2id. */
export type BackupKdf =
  | { kind: 'recovery-key' }
  | { kind: 'argon2id'; salt: Uint8Array; passes: number; memoryBytes: number };

export type BackupSecret = { recoveryKey: Uint8Array } | { passphrase: string };

/** The identity key's statement "my backup key is this one", published by the server. */
export interface BackupKeyCertificate {
  version: 1;
  accountId: string;
  backupPublicKey: Uint8Array;
  kdf: BackupKdf;
  createdAt: string;
  signature: Uint8Array;
}

export interface CreatedBackup {
  certificate: BackupKeyCertificate;
  /** The identity seed, sealed to the backup key: losing every device is not a key change. */
  sealedIdentity: Uint8Array;
}

export interface RestoredBackup {
  identity: IdentityKeyPair;
  keys: { messageId: string; contentKey: Uint8Array }[];
  /** Entries that did not open (garbage appended by someone else); their count only. */
  unreadableEntries: number;
}

/** @internal Fixed randomness for the vector generator only. */
export interface FixedBackupRandomness {
  salt?: Uint8Array;
  ephemeralSeed: Uint8Array;
}

export function createBackup(input: {
  identity: IdentityKeyPair;
  accountId: string;
  secret: BackupSecret;
  createdAt: Date;
}): CreatedBackup {
  return buildBackup(input);
}

/** @internal */
export function buildBackup(
  input: { identity: IdentityKeyPair; accountId: string; secret: BackupSecret; createdAt: Date },
  fixed?: FixedBackupRandomness,
): CreatedBackup {
  const s = sodium();
  assertIdentifier(input.accountId, 'accountId');
  const kdf: BackupKdf =
    'recoveryKey' in input.secret
      ? { kind: 'recovery-key' }
      : {
          kind: 'argon2id',
          salt: fixed?.salt ?? s.randombytes_buf(PASSPHRASE_SALT_BYTES),
          passes: PASSPHRASE_MIN_PASSES,
          memoryBytes: PASSPHRASE_MIN_MEMORY_BYTES,
        };
  const backupKeys = deriveBackupKeyPair(input.secret, kdf);
  const unsigned = {
    version: BACKUP_VERSION,
    accountId: input.accountId,
    backupPublicKey: backupKeys.publicKey,
    kdf,
    createdAt: input.createdAt.toISOString(),
  } as const;
  const certificate = {
    ...unsigned,
    signature: s.crypto_sign_detached(certificateBytes(unsigned), input.identity.secretKey),
  };
  s.memzero(backupKeys.secretKey);
  const identitySeed = signingSeedOf(input.identity);
  const sealedIdentity = sealTo(
    new CanonicalWriter('fpn/backup/v1/identity')
      .string(input.accountId)
      .bytes(identitySeed)
      .finish(),
    backupKeys.publicKey,
    fixed?.ephemeralSeed,
  );
  s.memzero(identitySeed);
  return { certificate, sealedIdentity };
}

/** Throws unless the account's identity key signed this backup key certificate. */
export function verifyBackupKeyCertificate(
  certificate: BackupKeyCertificate,
  identityPublicKey: Uint8Array,
): void {
  validateCertificate(certificate);
  assertLength(identityPublicKey, PUBLIC_KEY_BYTES, 'identityPublicKey');
  assertLength(certificate.signature, SIGNATURE_BYTES, 'signature');
  if (
    !sodium().crypto_sign_verify_detached(
      certificate.signature,
      certificateBytes(certificate),
      identityPublicKey,
    )
  ) {
    throw new CryptoError(
      CryptoErrorCode.BadSignature,
      'backup key certificate signature does not verify',
    );
  }
}

/**
 * What every device does for each message key it receives: one
 * self-contained sealed entry, appended (never overwriting) to the backup.
 * The device needs only the backup public key, which it takes from a
 * certificate it verified against the pinned identity key.
 */
export function sealBackupEntry(input: BackupEntryInput): Uint8Array {
  return buildBackupEntry(input);
}

export interface BackupEntryInput {
  accountId: string;
  backupPublicKey: Uint8Array;
  messageId: string;
  contentKey: Uint8Array;
}

/** @internal A fixed ephemeral seed is for the vector generator only. */
export function buildBackupEntry(
  input: BackupEntryInput,
  fixedEphemeralSeed?: Uint8Array,
): Uint8Array {
  assertIdentifier(input.accountId, 'accountId');
  assertIdentifier(input.messageId, 'messageId');
  assertLength(input.contentKey, CONTENT_KEY_BYTES, 'contentKey');
  return sealTo(
    entryBytes(input.accountId, input.messageId, input.contentKey),
    input.backupPublicKey,
    fixedEphemeralSeed,
  );
}

/**
 * A new device, from the recovery secret alone: re-derive the backup key
 * pair, check it is the certified one, open the identity seed and check it
 * is the identity the caller already trusts (sealed boxes are anonymous:
 * whoever knows the backup public key — the server too — could seal
 * something), then open every entry. A forged entry can only hold a key that
 * fails to decrypt a signed envelope.
 */
export function restoreBackup(input: {
  certificate: BackupKeyCertificate;
  expectedIdentityPublicKey: Uint8Array;
  secret: BackupSecret;
  sealedIdentity: Uint8Array;
  entries: Uint8Array[];
}): RestoredBackup {
  const s = sodium();
  const { certificate } = input;
  verifyBackupKeyCertificate(certificate, input.expectedIdentityPublicKey);
  const backupKeys = deriveBackupKeyPair(input.secret, certificate.kdf);
  if (!bytesEqual(backupKeys.publicKey, certificate.backupPublicKey)) {
    throw new CryptoError(
      CryptoErrorCode.KeyMismatch,
      'this recovery secret is not the one of this backup',
    );
  }
  try {
    const identityPlain = openSealed(
      input.sealedIdentity,
      backupKeys.publicKey,
      backupKeys.secretKey,
    );
    const identitySeed = identityPlain && readIdentity(identityPlain, certificate.accountId);
    const identity = identitySeed && generateIdentityKeyPair(identitySeed);
    if (!identity || !bytesEqual(identity.publicKey, input.expectedIdentityPublicKey)) {
      throw new CryptoError(
        CryptoErrorCode.KeyMismatch,
        'the backup does not hold the expected identity key',
      );
    }
    const keys: RestoredBackup['keys'] = [];
    let unreadableEntries = 0;
    for (const entry of input.entries) {
      const plain = openSealed(entry, backupKeys.publicKey, backupKeys.secretKey);
      const parsed = plain && readEntry(plain, certificate.accountId);
      if (parsed) keys.push(parsed);
      else unreadableEntries++;
    }
    return { identity, keys, unreadableEntries };
  } finally {
    s.memzero(backupKeys.secretKey);
  }
}

/** Recovery key → KDF subkey → X25519 seed; passphrase → Argon2id (at least the floor) first. */
export function deriveBackupKeyPair(secret: BackupSecret, kdf: BackupKdf): EncryptionKeyPair {
  const s = sodium();
  let root: Uint8Array;
  if (kdf.kind === 'recovery-key') {
    if (!('recoveryKey' in secret)) {
      throw new CryptoError(
        CryptoErrorCode.KeyMismatch,
        'this backup is protected by a recovery key',
      );
    }
    assertLength(secret.recoveryKey, RECOVERY_KEY_BYTES, 'recovery key');
    root = secret.recoveryKey.slice();
  } else {
    if (!('passphrase' in secret)) {
      throw new CryptoError(
        CryptoErrorCode.KeyMismatch,
        'this backup is protected by a passphrase',
      );
    }
    assertKdfStrength(kdf);
    root = s.crypto_pwhash(
      32,
      utf8(secret.passphrase.normalize('NFKC')),
      kdf.salt,
      kdf.passes,
      kdf.memoryBytes,
      s.crypto_pwhash_ALG_ARGON2ID13,
    );
  }
  const seed = s.crypto_kdf_derive_from_key(SEED_BYTES, KDF_SUBKEY_BACKUP, KDF_CONTEXT, root);
  s.memzero(root);
  const keyPair = generateEncryptionKeyPair(seed);
  s.memzero(seed);
  return keyPair;
}

function assertKdfStrength(kdf: Extract<BackupKdf, { kind: 'argon2id' }>): void {
  assertLength(kdf.salt, PASSPHRASE_SALT_BYTES, 'salt');
  if (
    !Number.isSafeInteger(kdf.passes) ||
    !Number.isSafeInteger(kdf.memoryBytes) ||
    kdf.passes < PASSPHRASE_MIN_PASSES ||
    kdf.memoryBytes < PASSPHRASE_MIN_MEMORY_BYTES ||
    kdf.passes > 64 ||
    kdf.memoryBytes > 4 * 1024 * 1024 * 1024
  ) {
    throw new CryptoError(
      CryptoErrorCode.WeakKdfParameters,
      'a passphrase needs Argon2id with at least 256 MiB and 3 passes (and at most 4 GiB, 64 passes)',
    );
  }
}

function validateCertificate(c: Omit<BackupKeyCertificate, 'signature'>): void {
  if (c.version !== BACKUP_VERSION) {
    throw new CryptoError(
      CryptoErrorCode.UnsupportedVersion,
      `backup version ${String(c.version)}`,
    );
  }
  assertIdentifier(c.accountId, 'accountId');
  assertLength(c.backupPublicKey, PUBLIC_KEY_BYTES, 'backupPublicKey');
  assertTimestamp(c.createdAt, 'createdAt');
  if (c.kdf.kind === 'argon2id') assertKdfStrength(c.kdf);
  else if (c.kdf.kind !== 'recovery-key') {
    throw new CryptoError(CryptoErrorCode.InvalidField, 'unknown backup kdf');
  }
}

function certificateBytes(c: Omit<BackupKeyCertificate, 'signature'>): Uint8Array {
  validateCertificate(c);
  const writer = new CanonicalWriter('fpn/backup-key-certificate/v1')
    .string(c.accountId)
    .bytes(c.backupPublicKey)
    .string(c.kdf.kind);
  if (c.kdf.kind === 'argon2id') {
    writer.bytes(c.kdf.salt).uint32(c.kdf.passes).string(String(c.kdf.memoryBytes));
  }
  return writer.string(c.createdAt).finish();
}

function entryBytes(accountId: string, messageId: string, contentKey: Uint8Array): Uint8Array {
  return new CanonicalWriter('fpn/backup/v1/entry')
    .string(accountId)
    .string(messageId)
    .bytes(contentKey)
    .finish();
}

/** Parses tag || fields written by CanonicalWriter; null if the layout is not exactly as expected. */
function readFields(bytes: Uint8Array, tag: string, count: number): Uint8Array[] | null {
  const fields: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (let i = 0; i <= count; i++) {
    if (offset + 4 > bytes.length) return null;
    const length = view.getUint32(offset, false);
    offset += 4;
    if (offset + length > bytes.length) return null;
    fields.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  if (offset !== bytes.length) return null;
  const [first, ...rest] = fields;
  return bytesEqual(first, utf8(tag)) ? rest : null;
}

function readIdentity(plain: Uint8Array, accountId: string): Uint8Array | null {
  const fields = readFields(plain, 'fpn/backup/v1/identity', 2);
  if (!fields || fields[1].length !== SEED_BYTES) return null;
  return safeUtf8(fields[0]) === accountId ? fields[1].slice() : null;
}

function readEntry(plain: Uint8Array, accountId: string): RestoredBackup['keys'][number] | null {
  const fields = readFields(plain, 'fpn/backup/v1/entry', 3);
  if (!fields || fields[2].length !== CONTENT_KEY_BYTES || safeUtf8(fields[0]) !== accountId)
    return null;
  const messageId = safeUtf8(fields[1]);
  if (messageId === null) return null;
  return { messageId, contentKey: fields[2].slice() };
}

function safeUtf8(bytes: Uint8Array): string | null {
  try {
    return fromUtf8(bytes);
  } catch {
    return null;
  }
}

export interface BackupKeyCertificateJson {
  version: number;
  accountId: string;
  backupPublicKey: string;
  kdf:
    | { kind: 'recovery-key' }
    | { kind: 'argon2id'; salt: string; passes: number; memoryBytes: number };
  createdAt: string;
  signature: string;
}

export function backupKeyCertificateToJson(c: BackupKeyCertificate): BackupKeyCertificateJson {
  return {
    version: c.version,
    accountId: c.accountId,
    backupPublicKey: toBase64Url(c.backupPublicKey),
    kdf:
      c.kdf.kind === 'recovery-key'
        ? { kind: 'recovery-key' }
        : {
            kind: 'argon2id',
            salt: toBase64Url(c.kdf.salt),
            passes: c.kdf.passes,
            memoryBytes: c.kdf.memoryBytes,
          },
    createdAt: c.createdAt,
    signature: toBase64Url(c.signature),
  };
}

/** Strict parse (no signature check): unknown fields, weak KDF parameters and wrong lengths are refused. */
export function parseBackupKeyCertificate(json: unknown): BackupKeyCertificate {
  const o = expectObject(json, 'backup key certificate', [
    'version',
    'accountId',
    'backupPublicKey',
    'kdf',
    'createdAt',
    'signature',
  ]);
  if (o.version !== BACKUP_VERSION) {
    throw new CryptoError(
      CryptoErrorCode.UnsupportedVersion,
      `backup version ${String(o.version)}`,
    );
  }
  assertIdentifier(o.accountId, 'accountId');
  assertTimestamp(o.createdAt, 'createdAt');
  const k = expectObject(o.kdf, 'kdf', ['kind', 'salt', 'passes', 'memoryBytes']);
  let kdf: BackupKdf;
  if (k.kind === 'recovery-key' && Object.keys(k).length === 1) {
    kdf = { kind: 'recovery-key' };
  } else if (
    k.kind === 'argon2id' &&
    typeof k.passes === 'number' &&
    typeof k.memoryBytes === 'number'
  ) {
    kdf = {
      kind: 'argon2id',
      salt: fromBase64Url(k.salt, 'salt', PASSPHRASE_SALT_BYTES),
      passes: k.passes,
      memoryBytes: k.memoryBytes,
    };
  } else {
    throw new CryptoError(CryptoErrorCode.InvalidField, 'unknown backup kdf');
  }
  const certificate: BackupKeyCertificate = {
    version: BACKUP_VERSION,
    accountId: o.accountId,
    backupPublicKey: fromBase64Url(o.backupPublicKey, 'backupPublicKey', PUBLIC_KEY_BYTES),
    kdf,
    createdAt: o.createdAt,
    signature: fromBase64Url(o.signature, 'signature', SIGNATURE_BYTES),
  };
  validateCertificate(certificate);
  return certificate;
}
