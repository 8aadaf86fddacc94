import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { DeadlineSweeper, type Sweeper } from '@fpn/queue';
import { DataSource, type EntityManager } from 'typeorm';
import {
  daysSql,
  DUE_AT_SQL,
  ESCALATION_AFTER_STALE_DAYS,
  REMINDER_LEAD_DAYS,
  SHORTEST_INTERVAL_SQL,
} from './freshness-rules';
import { NoticeAudience } from './notice-audience';

/** Rows per transaction: small, so a sweep never holds many locks for long. */
const BATCH = 100;

/** One step of the confirmation cycle. Each happens once per cycle; a confirmation clears them. */
interface Step {
  name: 'remind' | 'mark-stale' | 'escalate';
  /** Which active, not yet escalated entries are due at $1 (the sweep's "now"). */
  due: string;
  /** What the step records ($1 is "now"). */
  set: string;
  audit: AuditEventType;
  kind: NotificationKind;
  /** The person (or, without an account, the coordinators), or the coordinators always. */
  audience: 'person' | 'coordinators';
}

const STEPS: readonly Step[] = [
  {
    name: 'remind',
    // Not once the due date has passed: the stale notice tells the person then.
    due: `fp.reminded_at IS NULL AND fp.stale_since IS NULL
      AND fp.last_confirmed_at <= $1::timestamptz - ${daysSql(`${SHORTEST_INTERVAL_SQL} - ${REMINDER_LEAD_DAYS}`)}
      AND ${DUE_AT_SQL} - ${daysSql(REMINDER_LEAD_DAYS)} <= $1
      AND ${DUE_AT_SQL} > $1`,
    set: 'reminded_at = $1',
    audit: AuditEventType.DIRECTORY_CONFIRMATION_REMINDED,
    kind: NotificationKind.DIRECTORY_CONFIRMATION_DUE,
    audience: 'person',
  },
  {
    name: 'mark-stale',
    due: `fp.stale_since IS NULL
      AND fp.last_confirmed_at <= $1::timestamptz - ${daysSql(SHORTEST_INTERVAL_SQL)}
      AND ${DUE_AT_SQL} <= $1`,
    set: 'stale_since = $1, reminded_at = COALESCE(reminded_at, $1)',
    audit: AuditEventType.DIRECTORY_ENTRY_MARKED_STALE,
    kind: NotificationKind.DIRECTORY_ENTRY_STALE,
    audience: 'person',
  },
  {
    name: 'escalate',
    // Counted from the stale notice, so the person always had the full fortnight.
    due: `fp.stale_since <= $1::timestamptz - ${daysSql(ESCALATION_AFTER_STALE_DAYS)}`,
    set: 'escalated_at = $1',
    audit: AuditEventType.DIRECTORY_STALE_ESCALATED,
    kind: NotificationKind.DIRECTORY_STALE_ESCALATED,
    audience: 'coordinators',
  },
];

interface DueEntry {
  id: string;
  memberStateCode: string;
  fullName: string;
  userId: string | null;
  dueAt: Date;
}

/**
 * Reminds, marks stale and escalates unconfirmed directory entries, at the
 * injected clock's "now" (the sweep's). Due rows are claimed in small batches
 * with `FOR UPDATE SKIP LOCKED` and each step's condition excludes what is
 * already done, so any number of workers share the work and each step
 * happens once: the flag, the audit entry and the notifications commit together.
 */
@Injectable()
@DeadlineSweeper()
export class FreshnessSweeper implements Sweeper {
  private readonly logger = new Logger(FreshnessSweeper.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async sweep(now: Date): Promise<number> {
    let acted = 0;
    // In cycle order, so an entry found long overdue is marked stale before it is escalated.
    for (const step of STEPS) {
      for (;;) {
        const done = await this.dataSource.transaction((manager) =>
          this.runBatch(manager, step, now),
        );
        acted += done;
        if (done < BATCH) break;
      }
    }
    if (acted > 0) await this.notifications.dispatchSoon();
    return acted;
  }

  private async runBatch(manager: EntityManager, step: Step, now: Date): Promise<number> {
    const due = `fp.status = 'active' AND fp.escalated_at IS NULL AND ${step.due}`;
    // Without a due row, nothing is written: a write would move the directory's generation.
    const [{ any }] = await manager.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM focal_point fp WHERE ${due}) AS any`,
      [now],
    );
    if (!any) return 0;
    // Claimed and marked in one statement: the directory's generation (moved by a trigger before
    // any statement on the table) is locked before the rows, as by every directory writer, so
    // an editor changing one of these entries at the same moment waits instead of deadlocking.
    const entries = await manager.query<DueEntry[]>(
      `WITH claimed AS (
         UPDATE focal_point target SET ${step.set}
           FROM (SELECT fp.id, ${DUE_AT_SQL} AS due_at
                   FROM focal_point fp
                  WHERE ${due}
                  ORDER BY fp.last_confirmed_at, fp.id
                  LIMIT $2
                    FOR UPDATE OF fp SKIP LOCKED) due
          WHERE target.id = due.id
         RETURNING target.id, target.member_state_code, target.full_name, target.user_id,
                   target.last_confirmed_at, due.due_at)
       SELECT id, member_state_code AS "memberStateCode", full_name AS "fullName",
              user_id AS "userId", due_at AS "dueAt"
         FROM claimed
        ORDER BY last_confirmed_at, id`,
      [now, BATCH],
    );
    if (entries.length === 0) return 0;
    const audience = await NoticeAudience.load(manager, entries);
    /** States with an entry nobody could be told about: no active account and no coordinator. */
    const unheard = new Set<string>();
    for (const entry of entries) {
      const { to, recipients } =
        step.audience === 'person'
          ? audience.personOrCoordinators(entry)
          : {
              to: 'coordinators' as const,
              recipients: audience.coordinatorsOf(entry.memberStateCode),
            };
      for (const recipient of recipients) {
        await this.notifications.notify(manager, {
          userId: recipient.userId,
          kind: step.kind,
          params: {
            displayName: recipient.displayName,
            focalPointId: entry.id,
            name: entry.fullName,
            memberStateCode: entry.memberStateCode,
            dueAt: entry.dueAt.toISOString(),
          },
          email: { to: recipient.email, language: recipient.language },
        });
      }
      if (recipients.length === 0) unheard.add(entry.memberStateCode);
      await this.audit.record(manager, {
        type: step.audit,
        actorId: null,
        actorRole: 'SYSTEM',
        subjectType: 'focal_point',
        subjectId: entry.id,
        memberState: entry.memberStateCode,
        details: { dueAt: entry.dueAt.toISOString(), notified: to, recipients: recipients.length },
      });
    }
    if (unheard.size > 0) {
      this.logger.warn(
        { step: step.name, memberStates: [...unheard].sort() },
        'nobody to notify for some entries: no active account and no active coordinator',
      );
    }
    return entries.length;
  }
}
