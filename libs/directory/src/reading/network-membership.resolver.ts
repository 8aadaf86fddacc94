import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowApiCredential, Authenticated } from '@fpn/core';
import { ApiOperation, type AuthenticatedRequest } from '@fpn/identity';
import { NetworkMembershipModel } from '../memberships/network-membership.model';
import { NetworkModel } from '../networks/network.model';
import { DirectoryLoaderFactory } from './directory-loaders';

@Resolver(() => NetworkMembershipModel)
export class NetworkMembershipResolver {
  constructor(private readonly loaders: DirectoryLoaderFactory) {}

  @ResolveField(() => NetworkModel)
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  async network(
    @Parent() membership: NetworkMembershipModel,
    @Context('req') request: AuthenticatedRequest,
  ): Promise<NetworkModel> {
    const network = await this.loaders.for(request).network.load(membership.networkId);
    return NetworkModel.fromEntity(network!);
  }
}
