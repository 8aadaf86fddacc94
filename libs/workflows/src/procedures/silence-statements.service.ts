import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, NotFoundError } from '@fpn/core';
import { type Principal, type RequestOrigin, Role } from '@fpn/identity';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { DataSource } from 'typeorm';
import { SilenceStatementEntity } from './entities/silence-statement.entity';
import { BREAKING_KINDS, SilenceStatementKind } from './procedure-kinds';
import { lockProcedure, notifyProcedureStep } from './procedure-notices';
import {
  assertOpen,
  conflict,
  forbidden,
  ProcedureErrorReason,
  standingOf,
  statementReason,
} from './procedure-rules';

export interface StatementInput {
  procedureId: string;
  kind: SilenceStatementKind;
  reason?: string | null;
  /** The state acted for; a coordinator's own state when absent. */
  memberStateCode?: string | null;
}

/**
 * A coordinator speaks for their state in an open procedure: concurrence,
 * an objection or an amendment (which break silence, with a reason), or the
 * withdrawal of the state's standing objection or amendment. The state's
 * latest statement stands; all of them are kept (insert-only).
 */
@Injectable()
export class SilenceStatements {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async record(actor: Principal, input: StatementInput, origin: RequestOrigin): Promise<void> {
    const own = actor.user.role === Role.STATE_COORDINATOR ? actor.user.memberStateCode : null;
    const state = (input.memberStateCode ?? own ?? '').trim().toUpperCase();
    if (!own || state !== own) {
      throw forbidden(
        ProcedureErrorReason.NOT_YOUR_STATE,
        'A coordinator makes statements for their own state only',
      );
    }
    const reason = statementReason(input.kind, input.reason);
    await this.dataSource.transaction(async (manager) => {
      // Shared: statements of many states go on at once; the close (FOR UPDATE) waits or is waited for.
      const procedure = await lockProcedure(manager, input.procedureId, 'SHARE');
      if (!procedure) throw new NotFoundError('Silence procedure', input.procedureId);
      const now = this.clock.now();
      assertOpen(procedure, now);
      const [member] = await manager.query<{ membership: string }[]>(
        'SELECT membership FROM member_state WHERE code = $1',
        [state],
      );
      if (member?.membership !== 'member') {
        throw forbidden(
          ProcedureErrorReason.NOT_A_MEMBER_STATE,
          'Only member states take part in a silence procedure',
        );
      }
      // Two coordinators of one state at once: one after the other, each seeing the other's.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `silence:${procedure.id}:${state}`,
      ]);
      const [latest] = await manager.query<{ kind: SilenceStatementKind }[]>(
        `SELECT kind FROM silence_statement
          WHERE procedure_id = $1 AND member_state_code = $2
          ORDER BY id DESC LIMIT 1`,
        [procedure.id, state],
      );
      if (
        input.kind === SilenceStatementKind.WITHDRAWAL &&
        !(latest && BREAKING_KINDS.includes(latest.kind))
      ) {
        throw conflict(
          ProcedureErrorReason.NOTHING_TO_WITHDRAW,
          'The state has no standing objection or amendment to withdraw',
        );
      }
      await manager.insert(SilenceStatementEntity, {
        procedureId: procedure.id,
        memberStateCode: state,
        kind: input.kind,
        reason,
        madeBy: actor.user.id,
        madeAt: now,
      });
      const notified = await notifyProcedureStep(
        this.notifications,
        manager,
        NotificationKind.SILENCE_STATEMENT_RECORDED,
        procedure,
        {
          noteReference: null,
          secretariatToo: true,
          extra: { memberStateCode: state, statementKind: input.kind },
        },
      );
      await this.audit.record(manager, {
        type: AuditEventType.SILENCE_STATEMENT_RECORDED,
        actorId: actor.user.id,
        actorRole: actor.user.role,
        subjectType: 'silence_procedure',
        subjectId: procedure.id,
        memberState: state,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: {
          kind: input.kind,
          standingBefore: standingOf(latest?.kind),
          standingAfter: standingOf(input.kind),
          reasonLength: reason?.length ?? 0,
          notified,
        },
      });
    });
    await this.notifications.dispatchSoon();
  }
}
