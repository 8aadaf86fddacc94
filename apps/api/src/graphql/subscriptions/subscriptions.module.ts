import { Module } from '@nestjs/common';
import { IdentityModule } from '@fpn/identity';
import { LiveConnections } from './live-connections.service';

/** The registry of open subscription sockets, for the graphql-ws server options. */
@Module({
  imports: [IdentityModule],
  providers: [LiveConnections],
  exports: [LiveConnections],
})
export class SubscriptionsModule {}
