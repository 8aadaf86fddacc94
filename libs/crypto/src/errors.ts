/**
 * Stable codes for every way the protocol can refuse input. The server maps
 * them to GraphQL `extensions.code`; clients may rely on them.
 */
export enum CryptoErrorCode {
  NotReady = 'CRYPTO_NOT_READY',
  UnsupportedVersion = 'CRYPTO_UNSUPPORTED_VERSION',
  InvalidKeyLength = 'CRYPTO_INVALID_KEY_LENGTH',
  InvalidEncoding = 'CRYPTO_INVALID_ENCODING',
  InvalidField = 'CRYPTO_INVALID_FIELD',
  BadSignature = 'CRYPTO_BAD_SIGNATURE',
  NotARecipient = 'CRYPTO_NOT_A_RECIPIENT',
  DecryptionFailed = 'CRYPTO_DECRYPTION_FAILED',
  TruncatedStream = 'CRYPTO_TRUNCATED_STREAM',
  HashMismatch = 'CRYPTO_HASH_MISMATCH',
  WeakKdfParameters = 'CRYPTO_WEAK_KDF_PARAMETERS',
  InvalidRecoveryKey = 'CRYPTO_INVALID_RECOVERY_KEY',
  KeyMismatch = 'CRYPTO_KEY_MISMATCH',
}

/** A refusal by the protocol; the message never contains key material. */
export class CryptoError extends Error {
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
