import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { NotificationsModule } from '@fpn/notifications';
import { KeyDirectory } from './key-directory.service';

/** The key directory (docs/keys.md); the API registers KeyDirectoryResolver. */
@Module({
  imports: [AuditModule, NotificationsModule],
  providers: [KeyDirectory],
  exports: [KeyDirectory],
})
export class KeysModule {}
