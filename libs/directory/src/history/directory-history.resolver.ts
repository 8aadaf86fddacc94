import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Authenticated } from '@fpn/core';
import { CurrentPrincipal, originOf, type Principal } from '@fpn/identity';
import { DirectoryVersionModel, DirectoryVersionPage } from './directory-version.model';
import { DirectoryVersions, HISTORY_PAGE_DEFAULT } from './directory-versions.service';

@Resolver()
export class DirectoryHistoryResolver {
  constructor(private readonly versions: DirectoryVersions) {}

  @Query(() => DirectoryVersionPage, {
    description:
      "The history of a focal point, authority, network or member state (by id, or a state's ISO code): the Secretariat everything, a coordinator their state, a focal point their own entry.",
  })
  @Authenticated()
  async directoryHistory(
    @CurrentPrincipal() principal: Principal,
    @Args('entityId', { type: () => ID }) entityId: string,
    @Args('first', { type: () => Int, defaultValue: HISTORY_PAGE_DEFAULT }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context('req') request: Request,
  ): Promise<DirectoryVersionPage> {
    const page = await this.versions.history(
      { user: principal.user, origin: originOf(request) },
      entityId,
      first,
      after,
    );
    return {
      entries: page.versions.map(DirectoryVersionModel.fromEntity),
      nextCursor: page.nextCursor,
    };
  }
}
