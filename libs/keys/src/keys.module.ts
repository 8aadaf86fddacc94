import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { NotificationsModule } from '@fpn/notifications';
import { KeyBackups } from './backups/key-backups.service';
import { KeyDirectory } from './key-directory.service';

/** The key directory (docs/keys.md); the API registers KeyDirectoryResolver and KeyBackupsResolver. */
@Module({
  imports: [AuditModule, NotificationsModule],
  providers: [KeyDirectory, KeyBackups],
  exports: [KeyDirectory, KeyBackups],
})
export class KeysModule {}
