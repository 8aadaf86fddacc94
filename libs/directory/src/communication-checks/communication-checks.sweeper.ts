import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { DeadlineSweeper, type Sweeper } from '@fpn/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { CheckOutcome } from './communication-check-result.entity';
import { RECORD_RESULTS_SQL } from './communication-check-rules';

const BATCH = 20;

/**
 * Closes communication checks whose deadline has passed (the injected clock's
 * "now") and records each state's result. Open checks past their deadline are
 * claimed with `FOR UPDATE SKIP LOCKED`; closing sets `closed_at`, so a check
 * closes once however many workers sweep.
 */
@Injectable()
@DeadlineSweeper()
export class CommunicationChecksSweeper implements Sweeper {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async sweep(now: Date): Promise<number> {
    let closed = 0;
    for (;;) {
      const done = await this.dataSource.transaction((manager) => this.closeBatch(manager, now));
      closed += done;
      if (done < BATCH) return closed;
    }
  }

  private async closeBatch(manager: EntityManager, now: Date): Promise<number> {
    const due = await manager.query<{ id: string; networkKey: string; deadline: Date }[]>(
      `SELECT c.id, n.key AS "networkKey", c.deadline
         FROM communication_check c
         JOIN network n ON n.id = c.network_id
        WHERE c.closed_at IS NULL AND c.deadline <= $1
        ORDER BY c.deadline, c.id
        LIMIT $2
        FOR UPDATE OF c SKIP LOCKED`,
      [now, BATCH],
    );
    for (const check of due) {
      await manager.query(RECORD_RESULTS_SQL, [check.id, null]);
      await manager.query('UPDATE communication_check SET closed_at = $2 WHERE id = $1', [
        check.id,
        now,
      ]);
      const outcomes = await manager.query<{ outcome: CheckOutcome; states: number }[]>(
        `SELECT outcome, COUNT(*)::int AS states FROM communication_check_result
          WHERE check_id = $1 GROUP BY outcome`,
        [check.id],
      );
      const count = (outcome: CheckOutcome) =>
        outcomes.find((row) => row.outcome === outcome)?.states ?? 0;
      await this.audit.record(manager, {
        type: AuditEventType.COMMUNICATION_CHECK_CLOSED,
        actorId: null,
        actorRole: 'SYSTEM',
        subjectType: 'communication_check',
        subjectId: check.id,
        details: {
          networkKey: check.networkKey,
          deadline: check.deadline.toISOString(),
          acknowledged: count(CheckOutcome.ACKNOWLEDGED),
          late: count(CheckOutcome.LATE),
          silent: count(CheckOutcome.SILENT),
        },
      });
    }
    return due.length;
  }
}
