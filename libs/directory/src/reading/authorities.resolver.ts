import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { AllowApiCredential, Authenticated } from '@fpn/core';
import { ApiOperation, type AuthenticatedRequest } from '@fpn/identity';
import { AuthorityModel } from '../authorities/authority.model';
import { AuthorityQueries } from './authority-queries.service';
import { DirectoryScope } from './directory-scope';

@Resolver(() => AuthorityModel)
export class AuthoritiesResolver {
  constructor(
    private readonly scope: DirectoryScope,
    private readonly queries: AuthorityQueries,
  ) {}

  @Query(() => [AuthorityModel], {
    description:
      'Competent authorities you may see, by state then name: all for the Secretariat, their own state’s for a coordinator or ministry system, for a focal point those of the entries they may see.',
  })
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  async authorities(
    @Context('req') request: AuthenticatedRequest,
    @Args('memberStateCode', { type: () => String, nullable: true }) memberStateCode: string | null,
  ): Promise<AuthorityModel[]> {
    const reader = await this.scope.readerOf(request);
    return (await this.queries.list(reader, memberStateCode)).map(AuthorityModel.fromEntity);
  }

  @Query(() => AuthorityModel, { description: 'One authority you may see; otherwise NOT_FOUND.' })
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  async authority(
    @Context('req') request: AuthenticatedRequest,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AuthorityModel> {
    const reader = await this.scope.readerOf(request);
    return AuthorityModel.fromEntity(await this.queries.get(reader, id));
  }
}
