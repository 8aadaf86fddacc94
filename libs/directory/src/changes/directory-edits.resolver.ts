import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import { RequireRoles } from '@fpn/core';
import { type AuthenticatedRequest, CurrentPrincipal, type Principal, Role } from '@fpn/identity';
import type { FocalPointEntity } from '../focal-points/focal-point.entity';
import { FocalPointModel } from '../focal-points/focal-point.model';
import { DirectoryScope } from '../reading/directory-scope';
import { entryModel } from '../reading/roster-connection';
import { RosterQueries } from '../reading/roster-queries.service';
import { FocalPointCorrectionInput } from './directory-change.inputs';
import { actorOf } from './directory-changes.resolver';
import { DirectoryEdits } from './directory-edits.service';

/**
 * The Secretariat's direct edits. There is deliberately no mutation here that
 * adds a person, a network membership or an account link: those come only
 * from a coordinator's approved proposal.
 */
@Resolver()
@RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER)
export class DirectoryEditsResolver {
  constructor(
    private readonly edits: DirectoryEdits,
    private readonly scope: DirectoryScope,
    private readonly queries: RosterQueries,
  ) {}

  /** The edited entry as committed, read whole (with its authority and memberships). */
  private async shown(request: AuthenticatedRequest, edited: FocalPointEntity) {
    const reader = await this.scope.readerOf(request);
    return entryModel(reader, await this.queries.get(reader, edited.id));
  }

  @Mutation(() => FocalPointModel, {
    description:
      "Correct an entry's contact details (title, languages, time zone, availability, contact channels), with a reason. The Secretariat only.",
  })
  async correctFocalPoint(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: FocalPointCorrectionInput,
    @Args('reason') reason: string,
    @Context('req') request: AuthenticatedRequest,
  ): Promise<FocalPointModel> {
    return this.shown(
      request,
      await this.edits.correct(actorOf(principal, request), id, input, reason),
    );
  }

  @Mutation(() => FocalPointModel, { description: 'Suspend an active entry, with a reason.' })
  async suspendFocalPoint(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @Context('req') request: AuthenticatedRequest,
  ): Promise<FocalPointModel> {
    return this.shown(request, await this.edits.suspend(actorOf(principal, request), id, reason));
  }

  @Mutation(() => FocalPointModel, {
    description: 'Retire an entry for good, with a reason; its account is unlinked.',
  })
  async retireFocalPoint(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @Context('req') request: AuthenticatedRequest,
  ): Promise<FocalPointModel> {
    return this.shown(request, await this.edits.retire(actorOf(principal, request), id, reason));
  }

  @Mutation(() => FocalPointModel, { description: 'Lift a suspension, with a reason.' })
  async reactivateFocalPoint(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @Context('req') request: AuthenticatedRequest,
  ): Promise<FocalPointModel> {
    return this.shown(
      request,
      await this.edits.reactivate(actorOf(principal, request), id, reason),
    );
  }
}
