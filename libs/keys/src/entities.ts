import { KeyBackupEntryEntity } from './backups/key-backup-entry.entity';
import { KeyBackupEntity } from './backups/key-backup.entity';
import { DeviceEntity } from './device.entity';
import { IdentityKeyChangeEntity } from './identity-key-change.entity';
import { IdentityKeyEntity } from './identity-key.entity';

/** Every table this library owns; the database library registers them. */
export const KEYS_ENTITIES = [
  IdentityKeyEntity,
  IdentityKeyChangeEntity,
  DeviceEntity,
  KeyBackupEntity,
  KeyBackupEntryEntity,
];
