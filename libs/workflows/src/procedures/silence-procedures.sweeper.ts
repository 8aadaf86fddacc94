import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { DeadlineSweeper, type Sweeper } from '@fpn/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { NoteIssuer, NoteKind } from '../notes';
import type { SilenceStatementKind } from './procedure-kinds';
import {
  claimDueProcedures,
  noteDataOf,
  notifyProcedureStep,
  type ProcedureFacts,
} from './procedure-notices';
import { outcomeOf } from './procedure-rules';

const BATCH = 20;

/**
 * Closes every open silence procedure whose deadline has passed by the
 * injected clock: approved unless a state's standing statement is an
 * objection or an amendment, else not adopted, naming those states. Due rows
 * are claimed FOR UPDATE SKIP LOCKED and closed with their outcome note,
 * notices and audit entry in one transaction, so a procedure closes once
 * however many workers sweep; a statement holding the row (FOR SHARE) is
 * waited out by the next sweep, never lost.
 */
@Injectable()
@DeadlineSweeper()
export class SilenceProceduresSweeper implements Sweeper {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly notes: NoteIssuer,
  ) {}

  async sweep(now: Date): Promise<number> {
    let closed = 0;
    for (;;) {
      const done = await this.dataSource.transaction((manager) => this.closeBatch(manager, now));
      closed += done;
      if (done < BATCH) break;
    }
    if (closed > 0) await this.notifications.dispatchSoon();
    return closed;
  }

  private async closeBatch(manager: EntityManager, now: Date): Promise<number> {
    const due = await claimDueProcedures(manager, now, BATCH);
    for (const procedure of due) await this.close(manager, procedure, now);
    return due.length;
  }

  private async close(manager: EntityManager, procedure: ProcedureFacts, now: Date) {
    const statements = await manager.query<
      { id: string; memberStateCode: string; kind: SilenceStatementKind }[]
    >(
      `SELECT id::text AS id, member_state_code AS "memberStateCode", kind
         FROM silence_statement WHERE procedure_id = $1`,
      [procedure.id],
    );
    const outcome = outcomeOf(statements);
    await manager.query(
      `UPDATE silence_procedure SET status = $2, closed_at = $3, version = version + 1
        WHERE id = $1 AND status = 'open'`,
      [procedure.id, outcome.status, now],
    );
    const names = await manager.query<{ code: string; nameEn: string; nameRu: string }[]>(
      `SELECT code, name_en AS "nameEn", name_ru AS "nameRu" FROM member_state
        WHERE code = ANY($1::bpchar[])`,
      [outcome.brokenBy.map((broken) => broken.memberStateCode)],
    );
    const brokenBy = outcome.brokenBy.map((broken) => {
      const name = names.find((row) => row.code === broken.memberStateCode);
      return {
        memberStateCode: broken.memberStateCode,
        nameEn: name?.nameEn ?? broken.memberStateCode,
        nameRu: name?.nameRu ?? broken.memberStateCode,
        kind: broken.kind,
      };
    });
    const facts: ProcedureFacts = {
      ...procedure,
      status: outcome.status,
      version: procedure.version + 1,
    };
    const note = await this.notes.issue(manager, {
      kind: NoteKind.SILENCE_OUTCOME,
      procedure: noteDataOf(facts, { outcome: outcome.status, brokenBy }),
      issuedBy: null,
    });
    const notified = await notifyProcedureStep(
      this.notifications,
      manager,
      NotificationKind.SILENCE_PROCEDURE_CLOSED,
      facts,
      {
        noteReference: note.reference,
        extra: {
          outcome: outcome.status,
          brokenBy: brokenBy.map((broken) => broken.memberStateCode).join(', '),
        },
      },
    );
    await this.audit.record(manager, {
      type: AuditEventType.SILENCE_PROCEDURE_CLOSED,
      actorId: null,
      actorRole: 'SYSTEM',
      subjectType: 'silence_procedure',
      subjectId: procedure.id,
      details: {
        outcome: outcome.status,
        deadline: procedure.deadline.toISOString(),
        brokenBy: brokenBy.map((broken) => `${broken.memberStateCode}:${broken.kind}`),
        statements: statements.length,
        note: note.reference,
        notified,
      },
    });
  }
}
