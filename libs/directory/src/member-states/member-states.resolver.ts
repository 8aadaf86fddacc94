import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public } from '@fpn/core';
import { Language } from '../common/language';
import { MemberStateModel } from './member-state.model';
import { MemberStatesService } from './member-states.service';

/** Public reference data: the conference's membership and networks are published. */
@Public()
@Resolver(() => MemberStateModel)
export class MemberStatesResolver {
  constructor(private readonly states: MemberStatesService) {}

  @Query(() => [MemberStateModel], {
    description: 'All member states of the conference, by English name.',
  })
  async memberStates(): Promise<MemberStateModel[]> {
    return (await this.states.list()).map(MemberStateModel.fromEntity);
  }

  @Query(() => MemberStateModel, { description: 'One member state by its ISO code.' })
  async memberState(@Args('code') code: string): Promise<MemberStateModel> {
    return MemberStateModel.fromEntity(await this.states.getByCode(code));
  }

  @ResolveField(() => String, { description: 'The name in the requested language.' })
  name(
    @Parent() state: MemberStateModel,
    @Args('lang', { type: () => Language, defaultValue: Language.EN }) lang: Language,
  ): string {
    return state.names[lang];
  }
}
