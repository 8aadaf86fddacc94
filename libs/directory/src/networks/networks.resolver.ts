import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public } from '@fpn/core';
import { Language } from '../common/language';
import { NetworkModel } from './network.model';
import { NetworksService } from './networks.service';

/** Public reference data: the conference's membership and networks are published. */
@Public()
@Resolver(() => NetworkModel)
export class NetworksResolver {
  constructor(private readonly service: NetworksService) {}

  @Query(() => [NetworkModel], { description: 'All networks of focal points, by English name.' })
  async networks(): Promise<NetworkModel[]> {
    return (await this.service.list()).map(NetworkModel.fromEntity);
  }

  @Query(() => NetworkModel, { description: 'One network by its key.' })
  async network(@Args('key') key: string): Promise<NetworkModel> {
    return NetworkModel.fromEntity(await this.service.getByKey(key));
  }

  @ResolveField(() => String, { description: 'The name in the requested language.' })
  name(
    @Parent() network: NetworkModel,
    @Args('lang', { type: () => Language, defaultValue: Language.EN }) lang: Language,
  ): string {
    return network.names[lang];
  }
}
