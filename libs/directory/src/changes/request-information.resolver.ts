import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { RequireRoles } from '@fpn/core';
import { CurrentPrincipal, type Principal, Role } from '@fpn/identity';
import { MemberStateModel } from '../member-states/member-state.model';
import { actorOf } from './directory-changes.resolver';
import { RequestInformation } from './request-information.service';

/** What a state tells requesters: its coordinator or the Secretariat writes it. */
@Resolver()
@RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER, Role.STATE_COORDINATOR)
export class RequestInformationResolver {
  constructor(private readonly information: RequestInformation) {}

  @Mutation(() => MemberStateModel, {
    description:
      'The languages (ISO 639-1) a state accepts requests in: its coordinator, or the Secretariat.',
  })
  async setRequestLanguages(
    @CurrentPrincipal() principal: Principal,
    @Args('memberStateCode') memberStateCode: string,
    @Args('languages', { type: () => [String] }) languages: string[],
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
    @Context('req') request: Request,
  ): Promise<MemberStateModel> {
    return MemberStateModel.fromEntity(
      await this.information.setLanguages(
        actorOf(principal, request),
        memberStateCode,
        languages,
        reason,
      ),
    );
  }

  @Mutation(() => MemberStateModel, {
    description:
      "A state's legal and procedural notes for requests in one network, in both languages (both empty removes them): its coordinator, or the Secretariat.",
  })
  async setRequestNotes(
    @CurrentPrincipal() principal: Principal,
    @Args('memberStateCode') memberStateCode: string,
    @Args('networkKey') networkKey: string,
    @Args('notesEn') notesEn: string,
    @Args('notesRu') notesRu: string,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
    @Context('req') request: Request,
  ): Promise<MemberStateModel> {
    return MemberStateModel.fromEntity(
      await this.information.setNotes(
        actorOf(principal, request),
        memberStateCode,
        networkKey,
        notesEn,
        notesRu,
        reason,
      ),
    );
  }
}
