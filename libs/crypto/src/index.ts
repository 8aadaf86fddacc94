export * from './errors';
export * from './sodium';
export { fromBase64Url, toBase64Url, utf8, fromUtf8 } from './encoding/bytes';
export * from './keys/keys';
export * from './keys/device-certificate';
export * from './envelope/metadata';
export {
  CONTENT_KEY_BYTES,
  ENVELOPE_VERSION,
  NONCE_BYTES,
  SEALED_KEY_BYTES,
  MAX_RECIPIENTS,
  encryptEnvelope,
  encryptEnvelopeKeepingKey,
  verifyEnvelope,
  openEnvelope,
  openEnvelopeWithContentKey,
  type Envelope,
  type EnvelopeRecipient,
  type EncryptEnvelopeInput,
  type OpenedEnvelope,
} from './envelope/envelope';
export * from './envelope/envelope-json';
export * from './safety-numbers/safety-number';
export * from './attachments/attachment-stream';
export * from './backup/recovery-key';
export {
  BACKUP_VERSION,
  PASSPHRASE_MIN_MEMORY_BYTES,
  PASSPHRASE_MIN_PASSES,
  PASSPHRASE_SALT_BYTES,
  createBackup,
  verifyBackupKeyCertificate,
  sealBackupEntry,
  type BackupEntryInput,
  restoreBackup,
  deriveBackupKeyPair,
  backupKeyCertificateToJson,
  parseBackupKeyCertificate,
  type BackupKdf,
  type BackupSecret,
  type BackupKeyCertificate,
  type BackupKeyCertificateJson,
  type CreatedBackup,
  type RestoredBackup,
} from './backup/key-backup';
