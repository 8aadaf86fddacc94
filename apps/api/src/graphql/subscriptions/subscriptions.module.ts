import { Module } from '@nestjs/common';
import { IdentityModule } from '@fpn/identity';
import { LiveConnections } from './live-connections.service';
import { WebSocketLimits } from './websocket-limits.service';

/** The registry of open subscription sockets (for the graphql-ws server options) and their limits. */
@Module({
  imports: [IdentityModule],
  providers: [LiveConnections, WebSocketLimits],
  exports: [LiveConnections],
})
export class SubscriptionsModule {}
