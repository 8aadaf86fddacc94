import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AppConfig } from '@fpn/config';
import { DirectoryModule } from '@fpn/directory';
import { DomainErrorFilter } from './domain-error.filter';
import { formatGraphqlError } from './format-error';
import { API_RESOLVERS } from './resolvers';
import { BUILD_SCHEMA_OPTIONS } from './schema-options';

@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        path: '/graphql',
        autoSchemaFile: true,
        sortSchema: true,
        buildSchemaOptions: BUILD_SCHEMA_OPTIONS,
        playground: false,
        introspection: config.environment !== 'production',
        includeStacktraceInErrorResponses: false,
        formatError: formatGraphqlError,
      }),
    }),
    DirectoryModule,
  ],
  providers: [...API_RESOLVERS, { provide: APP_FILTER, useClass: DomainErrorFilter }],
})
export class GraphqlApiModule {}
