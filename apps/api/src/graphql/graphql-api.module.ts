import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { AppConfig } from '@fpn/config';
import { DirectoryModule } from '@fpn/directory';
import { AuditLogApiModule } from '@fpn/audit';
import { KeysModule } from '@fpn/keys';
import { MessagingModule } from '@fpn/messaging';
import { NotificationsApiModule } from '@fpn/notifications';
import { WorkflowsModule } from '@fpn/workflows';
import {
  ApiCredentialAuthenticator,
  AuthenticationService,
  IdentityModule,
  PolicyGuard,
} from '@fpn/identity';
import { graphqlArmor } from './armor';
import { KeptGraphqlAnswers } from './kept-responses';
import { KeptAnswersModule } from './kept-answers.module';
import { RequestBodyErrorFilter } from '../http/request-body-error.filter';
import { DomainErrorFilter } from './domain-error.filter';
import { formatGraphqlError } from './format-error';
import { API_RESOLVERS } from './resolvers';
import { BUILD_SCHEMA_OPTIONS } from './schema-options';
import { graphqlWsOptions } from './subscriptions/graphql-ws.options';

type GraphQLWsSubscriptionsConfig = Exclude<
  NonNullable<ApolloDriverConfig['subscriptions']>['graphql-ws'],
  boolean | undefined
>;
import { LiveConnections } from './subscriptions/live-connections.service';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';

@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [IdentityModule, SubscriptionsModule, KeptAnswersModule],
      inject: [
        AppConfig,
        AuthenticationService,
        ApiCredentialAuthenticator,
        LiveConnections,
        GraphQLSchemaHost,
        KeptGraphqlAnswers,
      ],
      useFactory: (
        config: AppConfig,
        authentication: AuthenticationService,
        credentials: ApiCredentialAuthenticator,
        connections: LiveConnections,
        schemaHost: GraphQLSchemaHost,
        keptAnswers: KeptGraphqlAnswers,
      ) => {
        const armor = graphqlArmor(config);
        return {
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
          // The PolicyGuard runs on @ResolveField methods too: a resolved field declares its policy.
          fieldResolverEnhancers: ['guards'],
          ...armor,
          plugins: [...armor.plugins, keptAnswers.plugin()],
          formatError: formatGraphqlError,
          // Subscriptions over graphql-ws only (not the legacy subscriptions-transport-ws).
          subscriptions: {
            // Nest hands every graphql-ws option through, though its type names only some.
            'graphql-ws': graphqlWsOptions({
              config,
              authentication,
              credentials,
              connections,
              schemaHost,
            }) as GraphQLWsSubscriptionsConfig,
          },
        };
      },
    }),
    DirectoryModule,
    IdentityModule,
    KeptAnswersModule,
    AuditLogApiModule,
    NotificationsApiModule,
    KeysModule,
    MessagingModule,
    WorkflowsModule,
  ],
  providers: [
    ...API_RESOLVERS,
    { provide: APP_FILTER, useClass: RequestBodyErrorFilter },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
    // Deny by default: every operation and route declares its policy.
    { provide: APP_GUARD, useExisting: PolicyGuard },
  ],
})
export class GraphqlApiModule implements NestModule {
  constructor(private readonly keptAnswers: KeptGraphqlAnswers) {}

  /** Kept directory answers are sent before Apollo's pipeline runs (`KeptGraphqlAnswers`). */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(this.keptAnswers.middleware())
      .forRoutes({ path: 'graphql', method: RequestMethod.POST });
  }
}
