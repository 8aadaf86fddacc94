import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { RequireRoles } from '@fpn/core';
import { CurrentPrincipal, type Principal, Role } from '@fpn/identity';
import { FocalPointModel } from '../focal-points/focal-point.model';
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
  constructor(private readonly edits: DirectoryEdits) {}

  @Mutation(() => FocalPointModel, {
    description:
      "Correct an entry's contact details (title, languages, time zone, availability, contact channels), with a reason. The Secretariat only.",
  })
  async correctFocalPoint(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: FocalPointCorrectionInput,
    @Args('reason') reason: string,
    @Context('req') request: Request,
  ): Promise<FocalPointModel> {
    return FocalPointModel.fromEntity(
      await this.edits.correct(actorOf(principal, request), id, input, reason),
    );
  }

  @Mutation(() => FocalPointModel, { description: 'Suspend an active entry, with a reason.' })
  async suspendFocalPoint(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @Context('req') request: Request,
  ): Promise<FocalPointModel> {
    return FocalPointModel.fromEntity(
      await this.edits.suspend(actorOf(principal, request), id, reason),
    );
  }

  @Mutation(() => FocalPointModel, {
    description: 'Retire an entry for good, with a reason; its account is unlinked.',
  })
  async retireFocalPoint(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @Context('req') request: Request,
  ): Promise<FocalPointModel> {
    return FocalPointModel.fromEntity(
      await this.edits.retire(actorOf(principal, request), id, reason),
    );
  }

  @Mutation(() => FocalPointModel, { description: 'Lift a suspension, with a reason.' })
  async reactivateFocalPoint(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @Context('req') request: Request,
  ): Promise<FocalPointModel> {
    return FocalPointModel.fromEntity(
      await this.edits.reactivate(actorOf(principal, request), id, reason),
    );
  }
}
