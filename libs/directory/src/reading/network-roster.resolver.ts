import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowApiCredential, Authenticated } from '@fpn/core';
import { ApiOperation, type AuthenticatedRequest } from '@fpn/identity';
import { NetworkModel } from '../networks/network.model';
import { DirectoryLoaderFactory } from './directory-loaders';
import { DirectoryScope } from './directory-scope';
import { FocalPointConnection } from './focal-point-connection.model';
import { FocalPointFilterInput } from './focal-point-filter.input';
import { nestedRoster } from './nested-roster';
import { PAGE_DEFAULT } from './roster-queries.service';

@Resolver(() => NetworkModel)
export class NetworkRosterResolver {
  constructor(
    private readonly scope: DirectoryScope,
    private readonly loaders: DirectoryLoaderFactory,
  ) {}

  @ResolveField(() => FocalPointConnection, {
    description:
      'The members you may see: all for the Secretariat, your state’s for a coordinator; for a focal point or ministry system, none unless it is their network.',
  })
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  focalPoints(
    @Parent() network: NetworkModel,
    @Context('req') request: AuthenticatedRequest,
    @Args('filter', { type: () => FocalPointFilterInput, nullable: true })
    filter: FocalPointFilterInput | null,
    @Args('first', { type: () => Int, defaultValue: PAGE_DEFAULT }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<FocalPointConnection> {
    return nestedRoster(
      { scope: this.scope, loaders: this.loaders },
      request,
      'network',
      network.id,
      { filter, first, after },
    );
  }
}
