import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Authenticated, RequireRoles } from '@fpn/core';
import { CurrentPrincipal, originOf, type Principal, Role } from '@fpn/identity';
import { ActivitiesService } from './activities.service';
import { ActivityInput, ActivityModel } from './activities.types';
import { ActivityParticipation } from './activity-participation.service';
import { ActivityReader } from './activity-reader.service';
import { ActivityStatus } from './entities/activity.entity';

const SECRETARIAT = [Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER] as const;

/** Action Plan activities: entered by the Secretariat, joined by states, read by everyone in scope. */
@Resolver()
export class ActivitiesResolver {
  constructor(
    private readonly service: ActivitiesService,
    private readonly participation: ActivityParticipation,
    private readonly reader: ActivityReader,
  ) {}

  @Query(() => [ActivityModel], {
    description:
      'The calendar: activities overlapping [from, to) (at most 731 days), by start. Focal points ' +
      'see the networks they are members of; coordinators and the Secretariat every network.',
  })
  @Authenticated()
  async activities(
    @CurrentPrincipal() principal: Principal,
    @Args('from') from: Date,
    @Args('to') to: Date,
    @Args('networkKey', { type: () => String, nullable: true }) networkKey: string | null,
    @Args('status', { type: () => ActivityStatus, nullable: true }) status: ActivityStatus | null,
  ): Promise<ActivityModel[]> {
    const views = await this.reader.list(principal, { from, to, networkKey, status });
    return views.map(ActivityModel.fromView);
  }

  @Query(() => ActivityModel, { description: 'One activity in your scope.' })
  @Authenticated()
  async activity(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ActivityModel> {
    return ActivityModel.fromView(await this.reader.get(principal, id));
  }

  @Mutation(() => ActivityModel, { description: 'Enter a planned activity. The Secretariat only.' })
  @RequireRoles(...SECRETARIAT)
  async createActivity(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: ActivityInput,
    @Context('req') request: Request,
  ): Promise<ActivityModel> {
    return ActivityModel.fromView(await this.service.create(principal, input, originOf(request)));
  }

  @Mutation(() => ActivityModel, {
    description:
      'Replace the details of a planned activity, if it is still at `version` ' +
      '(else CONFLICT, reason STALE_VERSION). The Secretariat only.',
  })
  @RequireRoles(...SECRETARIAT)
  async updateActivity(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('input') input: ActivityInput,
    @Context('req') request: Request,
  ): Promise<ActivityModel> {
    return ActivityModel.fromView(
      await this.service.update(principal, id, version, input, originOf(request)),
    );
  }

  @Mutation(() => ActivityModel, {
    description:
      'Record a planned activity as HELD (once it has started) or CANCELLED. The Secretariat only.',
  })
  @RequireRoles(...SECRETARIAT)
  async setActivityStatus(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('status', { type: () => ActivityStatus }) status: ActivityStatus,
    @Context('req') request: Request,
  ): Promise<ActivityModel> {
    return ActivityModel.fromView(
      await this.service.setStatus(principal, id, status, originOf(request)),
    );
  }

  @Mutation(() => ActivityModel, {
    description:
      'Attach a document: a link (`url`) or a numbered note (`noteId`). The Secretariat only.',
  })
  @RequireRoles(...SECRETARIAT)
  async addActivityDocument(
    @CurrentPrincipal() principal: Principal,
    @Args('activityId', { type: () => ID }) activityId: string,
    @Args('title') title: string,
    @Args('url', { type: () => String, nullable: true }) url: string | null,
    @Args('noteId', { type: () => ID, nullable: true }) noteId: string | null,
    @Context('req') request: Request,
  ): Promise<ActivityModel> {
    return ActivityModel.fromView(
      await this.service.addDocument(
        principal,
        activityId,
        { title, url, noteId },
        originOf(request),
      ),
    );
  }

  @Mutation(() => ActivityModel, { description: 'Remove a document. The Secretariat only.' })
  @RequireRoles(...SECRETARIAT)
  async removeActivityDocument(
    @CurrentPrincipal() principal: Principal,
    @Args('documentId', { type: () => ID }) documentId: string,
    @Context('req') request: Request,
  ): Promise<ActivityModel> {
    return ActivityModel.fromView(
      await this.service.removeDocument(principal, documentId, originOf(request)),
    );
  }

  @Mutation(() => ActivityModel, {
    description:
      'Join a planned activity: a coordinator for their own state (another: FORBIDDEN, reason ' +
      'NOT_YOUR_STATE), the Secretariat for the state it names. Joining again changes nothing.',
  })
  @RequireRoles(...SECRETARIAT, Role.STATE_COORDINATOR)
  async joinActivity(
    @CurrentPrincipal() principal: Principal,
    @Args('activityId', { type: () => ID }) activityId: string,
    @Args('memberStateCode', { type: () => String, nullable: true }) memberStateCode: string | null,
    @Context('req') request: Request,
  ): Promise<ActivityModel> {
    return ActivityModel.fromView(
      await this.participation.join(principal, activityId, memberStateCode, originOf(request)),
    );
  }

  @Mutation(() => ActivityModel, {
    description: 'Withdraw a state from a planned activity (who may: as joinActivity).',
  })
  @RequireRoles(...SECRETARIAT, Role.STATE_COORDINATOR)
  async leaveActivity(
    @CurrentPrincipal() principal: Principal,
    @Args('activityId', { type: () => ID }) activityId: string,
    @Args('memberStateCode', { type: () => String, nullable: true }) memberStateCode: string | null,
    @Context('req') request: Request,
  ): Promise<ActivityModel> {
    return ActivityModel.fromView(
      await this.participation.leave(principal, activityId, memberStateCode, originOf(request)),
    );
  }
}
