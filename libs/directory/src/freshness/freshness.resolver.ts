import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Authenticated, RequireRoles } from '@fpn/core';
import {
  CallerScope,
  CurrentCallerScope,
  CurrentPrincipal,
  originOf,
  type Principal,
  Role,
} from '@fpn/identity';
import { EntryConfirmations } from './entry-confirmations.service';
import { EntryFreshnessModel, StalenessReportLineModel } from './freshness.types';
import { StalenessReport } from './staleness-report.service';

/** Confirming directory entries, and how fresh the directory is. */
@Resolver()
export class FreshnessResolver {
  constructor(
    private readonly confirmations: EntryConfirmations,
    private readonly report: StalenessReport,
  ) {}

  @Query(() => EntryFreshnessModel, {
    nullable: true,
    description:
      'The confirmation cycle of the directory entry linked to your account; null if none.',
  })
  @Authenticated()
  async myEntryFreshness(
    @CurrentPrincipal() principal: Principal,
  ): Promise<EntryFreshnessModel | null> {
    const view = await this.confirmations.mine(principal);
    return view ? EntryFreshnessModel.fromView(view) : null;
  }

  @Mutation(() => EntryFreshnessModel, {
    description:
      'Confirm that your directory entry is still true: starts a new confirmation cycle. ' +
      'NOT_FOUND when no entry is linked to your account; CONFLICT when it is not active.',
  })
  @Authenticated()
  async confirmMyEntry(
    @CurrentPrincipal() principal: Principal,
    @Context('req') request: Request,
  ): Promise<EntryFreshnessModel> {
    return EntryFreshnessModel.fromView(
      await this.confirmations.confirmMine(principal, originOf(request)),
    );
  }

  @Mutation(() => EntryFreshnessModel, {
    description:
      "A coordinator confirms an entry of their own state on the person's behalf — only for a " +
      'person without an active account (everyone else confirms their own).',
  })
  @RequireRoles(Role.STATE_COORDINATOR)
  async confirmDirectoryEntry(
    @CurrentPrincipal() principal: Principal,
    @Args('focalPointId', { type: () => ID }) focalPointId: string,
    @Context('req') request: Request,
  ): Promise<EntryFreshnessModel> {
    return EntryFreshnessModel.fromView(
      await this.confirmations.confirmOnBehalf(principal, focalPointId, originOf(request)),
    );
  }

  @Query(() => [StalenessReportLineModel], {
    description:
      'Per state and network, how many active entries are due soon, stale or escalated. ' +
      'The Secretariat sees every state; a coordinator their own.',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER, Role.STATE_COORDINATOR)
  async stalenessReport(
    @CurrentCallerScope() scope: CallerScope,
    @Args('networkKey', { type: () => String, nullable: true }) networkKey: string | null,
  ): Promise<StalenessReportLineModel[]> {
    return (await this.report.lines(scope, networkKey)).map(StalenessReportLineModel.fromLine);
  }
}
