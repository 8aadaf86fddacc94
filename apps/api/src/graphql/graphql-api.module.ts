import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AppConfig } from '@fpn/config';
import { DirectoryModule } from '@fpn/directory';
import { AuditLogApiModule } from '@fpn/audit';
import { IdentityModule, PolicyGuard } from '@fpn/identity';
import { graphqlArmor } from './armor';
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
        // Apollo's own defaults follow AppConfig, never process.env.
        nodeEnv: config.environment,
        // No landing page in any environment; no introspection in production.
        playground: false,
        introspection: config.environment !== 'production',
        includeStacktraceInErrorResponses: false,
        // Refuses what a browser sends cross-site without a preflight: a request needs a
        // JSON content type or an `apollo-require-preflight` / `x-apollo-operation-name` header.
        csrfPrevention: true,
        allowBatchedHttpRequests: false,
        ...graphqlArmor(config),
        formatError: formatGraphqlError,
      }),
    }),
    DirectoryModule,
    IdentityModule,
    AuditLogApiModule,
  ],
  providers: [
    ...API_RESOLVERS,
    { provide: APP_FILTER, useClass: DomainErrorFilter },
    // Deny by default: every operation and route declares its policy.
    { provide: APP_GUARD, useExisting: PolicyGuard },
  ],
})
export class GraphqlApiModule {}
