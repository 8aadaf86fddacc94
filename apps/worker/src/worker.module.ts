import { DynamicModule, Module } from '@nestjs/common';
import { AuditWorkerModule } from '@fpn/audit';
import { AppConfig, ConfigModule } from '@fpn/config';
import { ClockModule, LoggingModule } from '@fpn/core';
import { DatabaseModule } from '@fpn/database';
import { DirectoryModule, DirectoryWorkerModule } from '@fpn/directory';
import { MessagingWorkerModule, RequestsWorkerModule } from '@fpn/messaging';
import { NotificationsWorkerModule } from '@fpn/notifications';
import { QueueModule, QueueWorkerModule } from '@fpn/queue';
import { WorkflowsWorkerModule } from '@fpn/workflows';

/** The worker process: BullMQ consumers and deadline sweeps, no HTTP listener. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ ...config.log, service: 'worker' }),
        ClockModule,
        DatabaseModule,
        QueueModule,
        QueueWorkerModule,
        DirectoryModule,
        DirectoryWorkerModule,
        AuditWorkerModule.forRoot(config),
        NotificationsWorkerModule,
        MessagingWorkerModule,
        RequestsWorkerModule,
        WorkflowsWorkerModule,
      ],
    };
  }
}
