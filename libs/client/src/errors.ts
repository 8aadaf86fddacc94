/** Why the SDK itself refused: stable codes a program may rely on. */
export enum ClientErrorCode {
  /** A recipient's identity was never seen here: the sender must decide to trust it. */
  NewIdentity = 'CLIENT_NEW_IDENTITY',
  /** A pinned identity key differs from what the server now serves. */
  KeyChanged = 'CLIENT_KEY_CHANGED',
  /** The account has no identity key on the server (it has not set up keys). */
  NoIdentityKey = 'CLIENT_NO_IDENTITY_KEY',
  /** A device certificate does not verify against the pinned identity. */
  ForgedDevice = 'CLIENT_FORGED_DEVICE',
  /** Compared safety numbers differ. */
  SafetyNumberMismatch = 'CLIENT_SAFETY_NUMBER_MISMATCH',
  /** No keys on this device yet (`fpn keys init` or `fpn keys restore`). */
  KeysNotInitialised = 'CLIENT_KEYS_NOT_INITIALISED',
  /** This device already holds keys. */
  KeysAlreadyInitialised = 'CLIENT_KEYS_ALREADY_INITIALISED',
  /** The account already has an identity key elsewhere: restore it from the backup instead. */
  IdentityExists = 'CLIENT_IDENTITY_EXISTS',
  /** The keystore belongs to another account or server. */
  KeystoreMismatch = 'CLIENT_KEYSTORE_MISMATCH',
  KeystoreLocked = 'CLIENT_KEYSTORE_LOCKED',
  KeystoreInvalid = 'CLIENT_KEYSTORE_INVALID',
  WeakPassphrase = 'CLIENT_WEAK_PASSPHRASE',
  NoBackup = 'CLIENT_NO_BACKUP',
  /** The message has no such attachment (or could not be opened). */
  NoSuchAttachment = 'CLIENT_NO_SUCH_ATTACHMENT',
  /** A download would replace an existing file: ask for it explicitly. */
  FileExists = 'CLIENT_FILE_EXISTS',
  /** A file to attach did not have the size it was announced with (it changed while read). */
  AttachmentSizeChanged = 'CLIENT_ATTACHMENT_SIZE_CHANGED',
  /** The upload or download did not complete, after retries. */
  TransferFailed = 'CLIENT_TRANSFER_FAILED',
  /** Needs the identity key, which a ministry system's device does not hold (or the reverse). */
  MinistrySystem = 'CLIENT_MINISTRY_SYSTEM',
  /** A ministry system's device request does not match this account or its identity key. */
  DeviceRequestMismatch = 'CLIENT_DEVICE_REQUEST_MISMATCH',
}

export class ClientError extends Error {
  override readonly name = 'ClientError';

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    /** The accounts or devices concerned, when there are some. */
    readonly subjects: readonly string[] = [],
  ) {
    super(message);
  }
}
