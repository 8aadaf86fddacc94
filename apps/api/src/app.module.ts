import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@fpn/config';
import { ClockModule, LoggingModule } from '@fpn/core';
import { DatabaseModule } from '@fpn/database';
import { DirectoryExportModule } from '@fpn/directory';
import { AttachmentsModule } from '@fpn/messaging';
import { QueueModule } from '@fpn/queue';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { HealthModule } from './health/health.module';

/** The API process: HTTP and GraphQL only; queue consumers live in the worker. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ ...config.log, service: 'api' }),
        ClockModule,
        DatabaseModule,
        QueueModule,
        GraphqlApiModule,
        HealthModule,
        // The roster's CSV download: a plain route beside /graphql, behind the same PolicyGuard.
        DirectoryExportModule,
        // Encrypted attachments: tus uploads and ranged downloads under /attachments, same guard.
        AttachmentsModule,
      ],
    };
  }
}
