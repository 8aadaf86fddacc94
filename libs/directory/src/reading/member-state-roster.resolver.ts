import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowApiCredential, Authenticated, DomainError, ErrorCode } from '@fpn/core';
import { ApiOperation, type AuthenticatedRequest } from '@fpn/identity';
import { LocalizedText } from '../common/localized-text.model';
import { MemberStateModel } from '../member-states/member-state.model';
import { DirectoryLoaderFactory } from './directory-loaders';
import { DirectoryScope } from './directory-scope';
import { FocalPointConnection } from './focal-point-connection.model';
import { FocalPointFilterInput } from './focal-point-filter.input';
import { nestedRoster } from './nested-roster';
import { PAGE_DEFAULT } from './roster-queries.service';

/** A state's roster and its guidance for requests: for signed-in accounts and ministry systems. */
@Resolver(() => MemberStateModel)
export class MemberStateRosterResolver {
  constructor(
    private readonly scope: DirectoryScope,
    private readonly loaders: DirectoryLoaderFactory,
  ) {}

  @ResolveField(() => FocalPointConnection, {
    description:
      'The state’s entries you may see: all for the Secretariat, your own state’s for a coordinator (none of another), for a focal point those in their networks.',
  })
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  focalPoints(
    @Parent() state: MemberStateModel,
    @Context('req') request: AuthenticatedRequest,
    @Args('filter', { type: () => FocalPointFilterInput, nullable: true })
    filter: FocalPointFilterInput | null,
    @Args('first', { type: () => Int, defaultValue: PAGE_DEFAULT }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<FocalPointConnection> {
    return nestedRoster(
      { scope: this.scope, loaders: this.loaders },
      request,
      'state',
      state.code,
      { filter, first, after },
    );
  }

  @ResolveField(() => [String], {
    description: 'ISO 639-1 codes of the languages the state accepts requests in.',
  })
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  async requestLanguages(
    @Parent() state: MemberStateModel,
    @Context('req') request: AuthenticatedRequest,
  ): Promise<string[]> {
    const entity = await this.loaders.for(request).memberState.load(state.code);
    return entity?.requestLanguages ?? [];
  }

  @ResolveField(() => LocalizedText, {
    nullable: true,
    description:
      'The state’s legal and procedural notes for requests in a network (null: none given).',
  })
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  async requestNotes(
    @Parent() state: MemberStateModel,
    @Context('req') request: AuthenticatedRequest,
    @Args('networkKey') networkKey: string,
  ): Promise<LocalizedText | null> {
    const reader = await this.scope.readerOf(request);
    const networkId = reader.networks.get(networkKey);
    if (!networkId) {
      throw new DomainError(ErrorCode.BadUserInput, 'There is no network with this key', {
        field: 'networkKey',
      });
    }
    const notes = await this.loaders.for(request).requestNotes.load(`${state.code}:${networkId}`);
    return notes ? { en: notes.notesEn, ru: notes.notesRu } : null;
  }
}
