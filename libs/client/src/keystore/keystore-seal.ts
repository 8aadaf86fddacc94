import { fromBase64Url, sodium, toBase64Url, utf8, fromUtf8 } from '@fpn/crypto';
import { ClientError, ClientErrorCode } from '../errors';
import type { KeystoreContents } from './keystore-contents';

/** The passphrase costs at least this much to try (libsodium's "moderate": 256 MiB, 3 passes). */
export const KEYSTORE_DEFAULT_KDF = { opsLimit: 3, memLimitBytes: 256 * 1024 * 1024 } as const;
/** The floor any keystore is opened with; lower settings in a file are refused. */
export const KEYSTORE_MIN_KDF = { opsLimit: 2, memLimitBytes: 64 * 1024 * 1024 } as const;
export const KEYSTORE_MIN_PASSPHRASE_LENGTH = 10;

export interface KeystoreKdf {
  opsLimit: number;
  memLimitBytes: number;
}

/** The keystore as written to disk: Argon2id over the passphrase, XChaCha20-Poly1305 over the contents. */
export interface SealedKeystore {
  format: 'fpn-keystore';
  version: 1;
  kdf: { algorithm: 'argon2id13'; opsLimit: number; memLimitBytes: number; salt: string };
  nonce: string;
  ciphertext: string;
}

/** A derived keystore key with the salt and cost it came from: derived once per process. */
export interface KeystoreKey {
  kdf: KeystoreKdf;
  salt: Uint8Array;
  key: Uint8Array;
}

export function deriveKeystoreKey(
  passphrase: string,
  kdf: KeystoreKdf = KEYSTORE_DEFAULT_KDF,
  salt?: Uint8Array,
): KeystoreKey {
  checkKdf(kdf);
  const s = sodium();
  const chosenSalt = salt ?? s.randombytes_buf(s.crypto_pwhash_SALTBYTES);
  return { kdf, salt: chosenSalt, key: deriveKey(passphrase, chosenSalt, kdf) };
}

export function sealKeystore(
  contents: KeystoreContents,
  passphrase: string,
  kdf: KeystoreKdf = KEYSTORE_DEFAULT_KDF,
): SealedKeystore {
  checkPassphrase(passphrase);
  return sealKeystoreWithKey(contents, deriveKeystoreKey(passphrase, kdf));
}

/** Seals under a key derived before (a fresh nonce each time). */
export function sealKeystoreWithKey(contents: KeystoreContents, key: KeystoreKey): SealedKeystore {
  const s = sodium();
  const header = {
    format: 'fpn-keystore' as const,
    version: 1 as const,
    kdf: {
      algorithm: 'argon2id13' as const,
      opsLimit: key.kdf.opsLimit,
      memLimitBytes: key.kdf.memLimitBytes,
      salt: toBase64Url(key.salt),
    },
  };
  const nonce = s.randombytes_buf(s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(
    utf8(JSON.stringify(contents)),
    associatedData(header),
    null,
    nonce,
    key.key,
  );
  return { ...header, nonce: toBase64Url(nonce), ciphertext: toBase64Url(ciphertext) };
}

/** Opens a keystore; a wrong passphrase or any altered byte is CLIENT_KEYSTORE_LOCKED. */
export function openKeystore(sealed: unknown, passphrase: string): KeystoreContents {
  return openKeystoreWithKey(sealed, passphrase).contents;
}

/** Opens a keystore and keeps the derived key, so saving again costs no second derivation. */
export function openKeystoreWithKey(
  sealed: unknown,
  passphrase: string,
  /** A key derived before: used as is when the file's salt and cost are the same. */
  known?: KeystoreKey,
): { contents: KeystoreContents; key: KeystoreKey } {
  const s = sodium();
  const file = sealed as Partial<SealedKeystore> | null;
  if (
    file?.format !== 'fpn-keystore' ||
    file.version !== 1 ||
    file.kdf?.algorithm !== 'argon2id13' ||
    typeof file.nonce !== 'string' ||
    typeof file.ciphertext !== 'string' ||
    typeof file.kdf.salt !== 'string'
  ) {
    throw new ClientError(ClientErrorCode.KeystoreInvalid, 'this is not an fpn keystore');
  }
  const kdf = { opsLimit: file.kdf.opsLimit, memLimitBytes: file.kdf.memLimitBytes };
  const key =
    known &&
    toBase64Url(known.salt) === file.kdf.salt &&
    known.kdf.opsLimit === kdf.opsLimit &&
    known.kdf.memLimitBytes === kdf.memLimitBytes
      ? known
      : deriveKeystoreKey(passphrase, kdf, fromBase64Url(file.kdf.salt, 'salt'));
  try {
    const plain = s.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      fromBase64Url(file.ciphertext, 'ciphertext'),
      associatedData({ format: file.format, version: file.version, kdf: file.kdf }),
      fromBase64Url(file.nonce, 'nonce'),
      key.key,
    );
    return { contents: JSON.parse(fromUtf8(plain)) as KeystoreContents, key };
  } catch {
    if (key !== known) s.memzero(key.key);
    throw new ClientError(
      ClientErrorCode.KeystoreLocked,
      'the keystore does not open with this passphrase (or it was altered)',
    );
  }
}

function deriveKey(passphrase: string, salt: Uint8Array, kdf: KeystoreKdf): Uint8Array {
  const s = sodium();
  return s.crypto_pwhash(
    s.crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    utf8(passphrase),
    salt,
    kdf.opsLimit,
    kdf.memLimitBytes,
    s.crypto_pwhash_ALG_ARGON2ID13,
  );
}

/** The header is authenticated too: nobody can lower the KDF cost of someone's file unnoticed. */
function associatedData(header: Pick<SealedKeystore, 'format' | 'version' | 'kdf'>): Uint8Array {
  return utf8(
    JSON.stringify([
      header.format,
      header.version,
      header.kdf.algorithm,
      header.kdf.opsLimit,
      header.kdf.memLimitBytes,
      header.kdf.salt,
    ]),
  );
}

function checkKdf(kdf: KeystoreKdf): void {
  if (
    !Number.isInteger(kdf.opsLimit) ||
    !Number.isInteger(kdf.memLimitBytes) ||
    kdf.opsLimit < KEYSTORE_MIN_KDF.opsLimit ||
    kdf.memLimitBytes < KEYSTORE_MIN_KDF.memLimitBytes ||
    kdf.opsLimit > 64 ||
    kdf.memLimitBytes > 4 * 1024 * 1024 * 1024
  ) {
    throw new ClientError(
      ClientErrorCode.KeystoreInvalid,
      `keystore key derivation must cost at least ${KEYSTORE_MIN_KDF.memLimitBytes / 1048576} MiB and ${KEYSTORE_MIN_KDF.opsLimit} passes`,
    );
  }
}

function checkPassphrase(passphrase: string): void {
  if (passphrase.length < KEYSTORE_MIN_PASSPHRASE_LENGTH) {
    throw new ClientError(
      ClientErrorCode.WeakPassphrase,
      `the keystore passphrase needs at least ${KEYSTORE_MIN_PASSPHRASE_LENGTH} characters`,
    );
  }
}
