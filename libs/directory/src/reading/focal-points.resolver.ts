import {
  Args,
  Context,
  ID,
  Info,
  Int,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { AllowApiCredential, Authenticated, RequireRoles } from '@fpn/core';
import { ApiOperation, type AuthenticatedRequest, Role } from '@fpn/identity';
import { ContactChannelModel, FocalPointModel } from '../focal-points/focal-point.model';
import { MemberStateModel } from '../member-states/member-state.model';
import { mayReadContactChannels } from './directory-reader';
import { DirectoryLoaderFactory } from './directory-loaders';
import { DirectoryScope } from './directory-scope';
import { FocalPointConnection } from './focal-point-connection.model';
import { FocalPointFilterInput } from './focal-point-filter.input';
import { entryModel, selectsTotalCount, toConnection } from './roster-connection';
import { decodeRosterCursor } from './roster-cursor';
import { checkRosterFilter } from './roster-filter';
import { checkPageSize, PAGE_DEFAULT, RosterQueries } from './roster-queries.service';

/**
 * Reading the roster. Every operation and field: any signed-in account, and
 * ministry systems holding DIRECTORY_READ; what each may see is the
 * `DirectoryScope`'s answer, applied in SQL (docs/directory.md).
 */
@Resolver(() => FocalPointModel)
export class FocalPointsResolver {
  constructor(
    private readonly scope: DirectoryScope,
    private readonly queries: RosterQueries,
    private readonly loaders: DirectoryLoaderFactory,
  ) {}

  @Query(() => FocalPointConnection, {
    description:
      'Focal points you may see, by full name then id: the Secretariat all, a coordinator their state, a focal point their own entry and the members of their networks, a ministry system its state in its networks. `first` at most 100.',
  })
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  async focalPoints(
    @Context('req') request: AuthenticatedRequest,
    @Args('filter', { type: () => FocalPointFilterInput, nullable: true })
    filter: FocalPointFilterInput | null,
    @Args('first', { type: () => Int, defaultValue: PAGE_DEFAULT }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<FocalPointConnection> {
    const size = checkPageSize(first);
    const position = after == null ? undefined : decodeRosterCursor(after);
    const reader = await this.scope.readerOf(request);
    const checked = checkRosterFilter(reader, filter);
    const page = await this.queries.page(reader, checked, size, position, selectsTotalCount(info));
    return toConnection(reader, page, () => this.queries.count(reader, checked));
  }

  @Query(() => FocalPointModel, {
    description: 'One focal point you may see; otherwise NOT_FOUND.',
  })
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  async focalPoint(
    @Context('req') request: AuthenticatedRequest,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<FocalPointModel> {
    const reader = await this.scope.readerOf(request);
    return entryModel(reader, await this.queries.get(reader, id));
  }

  @ResolveField(() => MemberStateModel)
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  async memberState(
    @Parent() entry: FocalPointModel,
    @Context('req') request: AuthenticatedRequest,
  ): Promise<MemberStateModel> {
    const state = await this.loaders.for(request).memberState.load(entry.memberStateCode);
    return MemberStateModel.fromEntity(state!);
  }

  @ResolveField(() => [ContactChannelModel], {
    nullable: true,
    description:
      'How to reach the person outside the network; null when you may not see them (a focal point sees those of active fellow members of a shared network, and their own).',
  })
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  async contactChannels(
    @Parent() entry: FocalPointModel,
    @Context('req') request: AuthenticatedRequest,
  ): Promise<ContactChannelModel[] | null> {
    const reader = await this.scope.readerOf(request);
    if (!mayReadContactChannels(reader, entry, entry.networkIds)) return null;
    return entry.contactChannels.map((channel) => ({
      kind: channel.kind,
      value: channel.value,
      note: channel.note ?? null,
    }));
  }

  @ResolveField(() => Boolean, {
    nullable: true,
    description:
      'Whether an account is linked to the entry. The Secretariat and coordinators; FORBIDDEN to others.',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER, Role.STATE_COORDINATOR)
  hasLinkedAccount(@Parent() entry: FocalPointModel): boolean {
    return entry.userId !== null;
  }
}
