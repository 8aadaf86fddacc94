import { Injectable } from '@nestjs/common';
import { Clock } from '@fpn/core';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENT_COLUMNS } from '../chain/audit-rows';
import type { AuditEvent, RecordedAuditEvent } from './audit-event';
import { findSecretKey } from './secret-keys';

/** An event's pending row, for an INSERT of the caller's own (`AuditService.row`). */
export interface AuditRow {
  columns: string;
  values: string;
  params: unknown[];
  recorded: RecordedAuditEvent;
}

/**
 * Records security events. An event is written inside the caller's
 * transaction, so it exists exactly when what it describes was committed;
 * the chainer links it into the hash chain a moment later.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager, event: AuditEvent): Promise<RecordedAuditEvent> {
    const row = this.row(event, 1);
    await manager.query(
      `INSERT INTO audit_pending (${row.columns}) VALUES (${row.values})`,
      row.params,
    );
    return row.recorded;
  }

  /**
   * The pending row that records `event`, for a caller that writes it within
   * a statement of its own (the send writes everything in one): the columns,
   * the values as placeholders numbered from `first`, and their parameters.
   */
  row(event: AuditEvent, first: number): AuditRow {
    const recorded = this.stamp(event);
    const params = [
      recorded.type,
      recorded.actorId,
      recorded.actorRole,
      recorded.subjectType,
      recorded.subjectId,
      recorded.memberState,
      recorded.ip,
      recorded.requestId,
      JSON.stringify(recorded.details),
      recorded.occurredAt,
    ];
    const values = EVENT_COLUMNS.map(
      (column, i) => `$${first + i}${column === 'details' ? '::jsonb' : ''}`,
    );
    return { columns: EVENT_COLUMNS.join(', '), values: values.join(', '), params, recorded };
  }

  /** For events outside any transaction, e.g. a failed login that changes nothing else. */
  recordNow(event: AuditEvent): Promise<RecordedAuditEvent> {
    return this.dataSource.transaction((manager) => this.record(manager, event));
  }

  private stamp(event: AuditEvent): RecordedAuditEvent {
    const details = event.details ?? {};
    const secret = findSecretKey(details);
    // A programming error, not an operator's: tests catch it before it ships.
    if (secret) throw new Error(`audit details must not carry secrets ("${secret}")`);
    return {
      type: event.type,
      actorId: event.actorId ?? null,
      actorRole: event.actorRole ?? null,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      memberState: event.memberState ?? null,
      ip: event.ip ?? null,
      requestId: event.requestId ?? null,
      details,
      occurredAt: this.clock.now(),
    };
  }
}
