import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { RequireRoles } from '@fpn/core';
import { CurrentPrincipal, originOf, type Principal, Role } from '@fpn/identity';
import { SilenceProcedureStatus, SilenceStatementKind } from './procedure-kinds';
import { SilenceProcedureReader } from './silence-procedure-reader.service';
import { SilenceProcedures } from './silence-procedures.service';
import { OpenSilenceProcedureInput, SilenceProcedureModel } from './silence-procedures.types';
import { SilenceStatements } from './silence-statements.service';

const SECRETARIAT = [Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER] as const;

/** Silence procedures (docs/workflows.md): run by the Secretariat, answered by coordinators. */
@Resolver()
export class SilenceProceduresResolver {
  constructor(
    private readonly procedures: SilenceProcedures,
    private readonly statements: SilenceStatements,
    private readonly reader: SilenceProcedureReader,
  ) {}

  @Mutation(() => SilenceProcedureModel, {
    description:
      'The Secretariat circulates a draft under silence procedure: every coordinator is told, and a circulation note is issued.',
  })
  @RequireRoles(...SECRETARIAT)
  async openSilenceProcedure(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: OpenSilenceProcedureInput,
    @Context('req') request: Request,
  ): Promise<SilenceProcedureModel> {
    const id = await this.procedures.open(principal, input, originOf(request));
    return SilenceProcedureModel.fromView(await this.reader.get(principal, id));
  }

  @Mutation(() => SilenceProcedureModel, {
    description:
      "A coordinator speaks for their own state before the deadline: concur, break silence (OBJECTION or AMENDMENT, with a reason), or withdraw the state's standing objection. The latest statement stands.",
  })
  @RequireRoles(Role.STATE_COORDINATOR)
  async recordSilenceStatement(
    @CurrentPrincipal() principal: Principal,
    @Args('procedureId', { type: () => ID }) procedureId: string,
    @Args('kind', { type: () => SilenceStatementKind }) kind: SilenceStatementKind,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
    @Args('memberStateCode', {
      type: () => String,
      nullable: true,
      description: 'The state acted for: your own (the default).',
    })
    memberStateCode: string | null,
    @Context('req') request: Request,
  ): Promise<SilenceProcedureModel> {
    await this.statements.record(
      principal,
      { procedureId, kind, reason, memberStateCode },
      originOf(request),
    );
    return SilenceProcedureModel.fromView(await this.reader.get(principal, procedureId));
  }

  @Mutation(() => SilenceProcedureModel, {
    description:
      'The Secretariat moves the deadline later (before it has passed); every coordinator is told, and an extension note is issued.',
  })
  @RequireRoles(...SECRETARIAT)
  async extendSilenceProcedure(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('deadline', { type: () => Date }) deadline: Date,
    @Context('req') request: Request,
  ): Promise<SilenceProcedureModel> {
    await this.procedures.extend(principal, id, deadline, originOf(request));
    return SilenceProcedureModel.fromView(await this.reader.get(principal, id));
  }

  @Mutation(() => SilenceProcedureModel, {
    description:
      'The Secretariat withdraws an open procedure (a reason is required); a withdrawal note is issued.',
  })
  @RequireRoles(...SECRETARIAT)
  async withdrawSilenceProcedure(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @Context('req') request: Request,
  ): Promise<SilenceProcedureModel> {
    await this.procedures.withdraw(principal, id, reason, originOf(request));
    return SilenceProcedureModel.fromView(await this.reader.get(principal, id));
  }

  @Query(() => [SilenceProcedureModel], {
    description:
      'Silence procedures, newest first (at most 100): the Secretariat and the coordinators.',
  })
  @RequireRoles(...SECRETARIAT, Role.STATE_COORDINATOR)
  async silenceProcedures(
    @CurrentPrincipal() principal: Principal,
    @Args('status', { type: () => SilenceProcedureStatus, nullable: true })
    status: SilenceProcedureStatus | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null,
  ): Promise<SilenceProcedureModel[]> {
    const views = await this.reader.list(principal, { status, first: first ?? undefined });
    return views.map((view) => SilenceProcedureModel.fromView(view));
  }

  @Query(() => SilenceProcedureModel, {
    description: 'One silence procedure, with every state’s standing, statements and notes.',
  })
  @RequireRoles(...SECRETARIAT, Role.STATE_COORDINATOR)
  async silenceProcedure(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<SilenceProcedureModel> {
    return SilenceProcedureModel.fromView(await this.reader.get(principal, id));
  }
}
