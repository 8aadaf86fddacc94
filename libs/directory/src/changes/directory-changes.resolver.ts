import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { RequireRoles } from '@fpn/core';
import { CurrentPrincipal, originOf, type Principal, Role } from '@fpn/identity';
import type { DirectoryActor } from './directory-actor';
import { DirectoryChangeModel, DirectoryChangePage } from './directory-change.model';
import { DirectoryChangeFilterInput, ProposeDirectoryChangeInput } from './directory-change.inputs';
import { DirectoryDecisions } from './directory-decisions.service';
import { CHANGES_PAGE_DEFAULT, DirectoryProposals } from './directory-proposals.service';

const SECRETARIAT = [Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER];

export const actorOf = (principal: Principal, request: Request): DirectoryActor => ({
  user: principal.user,
  origin: originOf(request),
});

/** Proposals by a state's coordinator, decisions by the Secretariat. */
@Resolver(() => DirectoryChangeModel)
export class DirectoryChangesResolver {
  constructor(
    private readonly proposals: DirectoryProposals,
    private readonly decisions: DirectoryDecisions,
  ) {}

  @Query(() => DirectoryChangePage, {
    description:
      'Proposals, newest first: all for the Secretariat, their own state for a coordinator.',
  })
  @RequireRoles(...SECRETARIAT, Role.STATE_COORDINATOR)
  async directoryChanges(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => DirectoryChangeFilterInput, nullable: true })
    filter: DirectoryChangeFilterInput | null,
    @Args('first', { type: () => Int, defaultValue: CHANGES_PAGE_DEFAULT }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context('req') request: Request,
  ): Promise<DirectoryChangePage> {
    const page = await this.proposals.list(actorOf(principal, request), filter ?? {}, first, after);
    return {
      entries: page.changes.map(DirectoryChangeModel.fromEntity),
      nextCursor: page.nextCursor,
    };
  }

  @Query(() => DirectoryChangeModel, { description: 'One proposal in your scope.' })
  @RequireRoles(...SECRETARIAT, Role.STATE_COORDINATOR)
  async directoryChange(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Context('req') request: Request,
  ): Promise<DirectoryChangeModel> {
    return DirectoryChangeModel.fromEntity(
      await this.proposals.get(actorOf(principal, request), id),
    );
  }

  @Mutation(() => DirectoryChangeModel, {
    description:
      "Propose one change to your own state's directory, with a reason. The Secretariat approves or rejects it.",
  })
  @RequireRoles(Role.STATE_COORDINATOR)
  async proposeDirectoryChange(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: ProposeDirectoryChangeInput,
    @Context('req') request: Request,
  ): Promise<DirectoryChangeModel> {
    return DirectoryChangeModel.fromEntity(
      await this.proposals.propose(actorOf(principal, request), input),
    );
  }

  @Mutation(() => DirectoryChangeModel, { description: 'Take back your own pending proposal.' })
  @RequireRoles(Role.STATE_COORDINATOR)
  async withdrawDirectoryChange(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
    @Context('req') request: Request,
  ): Promise<DirectoryChangeModel> {
    return DirectoryChangeModel.fromEntity(
      await this.proposals.withdraw(actorOf(principal, request), id, reason),
    );
  }

  @Mutation(() => DirectoryChangeModel, {
    description:
      'Approve a pending proposal: it is applied at once, with its history, or refused with CONFLICT when the directory no longer allows it.',
  })
  @RequireRoles(...SECRETARIAT)
  async approveDirectoryChange(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
    @Context('req') request: Request,
  ): Promise<DirectoryChangeModel> {
    return DirectoryChangeModel.fromEntity(
      await this.decisions.approve(actorOf(principal, request), id, note),
    );
  }

  @Mutation(() => DirectoryChangeModel, {
    description: 'Reject a pending proposal, with a reason.',
  })
  @RequireRoles(...SECRETARIAT)
  async rejectDirectoryChange(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @Context('req') request: Request,
  ): Promise<DirectoryChangeModel> {
    return DirectoryChangeModel.fromEntity(
      await this.decisions.reject(actorOf(principal, request), id, reason),
    );
  }
}
