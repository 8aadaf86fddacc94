import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AppConfig } from '@fpn/config';

/** The parts of @nestjs/graphql's subscription server this reaches into. */
interface SubscriptionServerInternals {
  _subscriptionService?: { wss?: { options: { maxPayload?: number } } };
}

/**
 * Caps a WebSocket message at HTTP_BODY_LIMIT_BYTES, as the HTTP body is
 * capped: a bigger frame closes the socket (1009) before it is buffered.
 * @nestjs/graphql creates its WebSocket server without exposing `maxPayload`
 * (the `ws` default is 100 MiB); `ws` reads the option for each new
 * connection, so setting it once the server exists applies to every socket.
 */
@Injectable()
export class WebSocketLimits implements OnApplicationBootstrap {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const graphql = this.moduleRef.get(GraphQLModule, { strict: false });
    const driver = graphql.graphQlAdapter as unknown as SubscriptionServerInternals;
    const server = driver._subscriptionService?.wss;
    if (!server) {
      throw new Error('the GraphQL WebSocket server was not found: cannot cap its message size');
    }
    server.options.maxPayload = this.config.http.bodyLimitBytes;
  }
}
