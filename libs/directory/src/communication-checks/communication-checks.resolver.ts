import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Authenticated, RequireRoles } from '@fpn/core';
import { CurrentPrincipal, originOf, type Principal, Role } from '@fpn/identity';
import { CommunicationCheckReader } from './communication-check-reader.service';
import {
  CommunicationCheckAcknowledgementModel,
  CommunicationCheckModel,
  CommunicationCheckPageModel,
} from './communication-check.types';
import { CommunicationChecks } from './communication-checks.service';

/** Communication checks: started by the Secretariat, acknowledged by focal points. */
@Resolver()
export class CommunicationChecksResolver {
  constructor(
    private readonly checks: CommunicationChecks,
    private readonly reader: CommunicationCheckReader,
  ) {}

  @Mutation(() => CommunicationCheckModel, {
    description:
      'Ask every active focal point of a network to acknowledge by the deadline (in the future, ' +
      'at most 30 days ahead). The Secretariat only; one open check per network.',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER)
  async startCommunicationCheck(
    @CurrentPrincipal() principal: Principal,
    @Args('networkKey') networkKey: string,
    @Args('deadline') deadline: Date,
    @Context('req') request: Request,
  ): Promise<CommunicationCheckModel> {
    const id = await this.checks.start(principal, { networkKey, deadline }, originOf(request));
    return CommunicationCheckModel.fromView(await this.reader.get(principal, id));
  }

  @Mutation(() => CommunicationCheckAcknowledgementModel, {
    description:
      'Acknowledge a check your directory entry is expected in. Again: the first answer. ' +
      'After the deadline it counts as late (taken for 7 days).',
  })
  @Authenticated()
  async acknowledgeCommunicationCheck(
    @CurrentPrincipal() principal: Principal,
    @Args('checkId', { type: () => ID }) checkId: string,
    @Context('req') request: Request,
  ): Promise<CommunicationCheckAcknowledgementModel> {
    return CommunicationCheckAcknowledgementModel.fromView(
      await this.checks.acknowledge(principal, checkId, originOf(request)),
    );
  }

  @Query(() => CommunicationCheckPageModel, {
    description:
      'Communication checks, newest first: all for the Secretariat, those your state was asked ' +
      'in for a coordinator, those you are expected in for a focal point.',
  })
  @Authenticated()
  async communicationChecks(
    @CurrentPrincipal() principal: Principal,
    @Args('networkKey', { type: () => String, nullable: true }) networkKey: string | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CommunicationCheckPageModel> {
    return CommunicationCheckPageModel.fromPage(
      await this.reader.list(principal, { networkKey, first, after }),
    );
  }

  @Query(() => CommunicationCheckModel, { description: 'One communication check in your scope.' })
  @Authenticated()
  async communicationCheck(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<CommunicationCheckModel> {
    return CommunicationCheckModel.fromView(await this.reader.get(principal, id));
  }
}
