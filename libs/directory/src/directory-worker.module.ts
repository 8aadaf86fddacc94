import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { NotificationsModule } from '@fpn/notifications';
import { CommunicationChecksSweeper } from './communication-checks/communication-checks.sweeper';
import { FreshnessSweeper } from './freshness/freshness.sweeper';

/** What only the worker runs for the directory: its deadline sweeps. */
@Module({
  imports: [AuditModule, NotificationsModule],
  providers: [FreshnessSweeper, CommunicationChecksSweeper],
})
export class DirectoryWorkerModule {}
