import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { NotificationsModule } from '@fpn/notifications';
import { KeyBackups } from './backups/key-backups.service';
import { KeyChangeAnnouncer } from './key-change-announcer';
import { KeyDirectory } from './key-directory.service';
import { KeyReading } from './key-reading.service';
import { CredentialDevices } from './ministry-systems/credential-devices.service';

/**
 * The key directory (docs/keys.md); the API registers KeyDirectoryResolver,
 * KeyBackupsResolver, CredentialDevicesResolver and the fingerprint resolvers.
 */
@Module({
  imports: [AuditModule, NotificationsModule],
  providers: [KeyDirectory, KeyReading, KeyChangeAnnouncer, KeyBackups, CredentialDevices],
  exports: [KeyDirectory, KeyReading, KeyChangeAnnouncer, KeyBackups, CredentialDevices],
})
export class KeysModule {}
