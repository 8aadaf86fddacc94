import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@fpn/config';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions({
          url: config.database.url,
          poolSize: config.database.poolSize,
          connectTimeoutMs: config.database.connectTimeoutMs,
          preparedStatements: config.database.preparedStatements,
        }),
        // Boot checks reachability first and says so in one line; no silent retry loop.
        retryAttempts: 0,
      }),
    }),
  ],
})
export class DatabaseModule {}
