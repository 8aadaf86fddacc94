import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { NotificationsModule } from '@fpn/notifications';
import { CommunicationCheckReader } from './communication-check-reader.service';
import { CommunicationChecks } from './communication-checks.service';

/** Starting, acknowledging and reading checks, for the api (CommunicationChecksResolver). */
@Module({
  imports: [AuditModule, NotificationsModule],
  providers: [CommunicationChecks, CommunicationCheckReader],
  exports: [CommunicationChecks, CommunicationCheckReader],
})
export class CommunicationChecksModule {}
