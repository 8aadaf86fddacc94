import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { DeadlineSweeper, type Sweeper } from '@fpn/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { REMINDER_AT_SHARE } from './request-policy';
import {
  MESSAGE_FACTS_SQL,
  type MessageFacts,
  notifyAbout,
  stateRecipients,
  sweepInBatches,
} from './request-notices';

const BATCH = 50;

interface Step {
  name: 'due-soon' | 'overdue';
  /** Unanswered states of open requests due for this step at $1. */
  due: string;
  set: string;
  kind: NotificationKind.REQUEST_DUE_SOON | NotificationKind.REQUEST_OVERDUE;
}

const STEPS: readonly Step[] = [
  {
    name: 'due-soon',
    // Not once the due date has passed: the overdue notice tells them then.
    due: `s.reminded_at IS NULL AND q.due_at > $1
      AND q.sent_at + (q.due_at - q.sent_at) * ${REMINDER_AT_SHARE} <= $1`,
    set: 'reminded_at = $1',
    kind: NotificationKind.REQUEST_DUE_SOON,
  },
  {
    name: 'overdue',
    due: 's.overdue_notified_at IS NULL AND q.due_at <= $1',
    set: 'overdue_notified_at = $1, reminded_at = coalesce(reminded_at, $1)',
    kind: NotificationKind.REQUEST_OVERDUE,
  },
];

type DueState = MessageFacts & { memberStateCode: string; dueAt: Date };

/**
 * Reminds an addressed state's people of a request they have not answered:
 * once when 75 % of the time has passed, once at the due date. Rows are
 * claimed with FOR UPDATE SKIP LOCKED and each step's flag commits with its
 * notices and audit entry, so each happens once however many workers sweep.
 */
@Injectable()
@DeadlineSweeper()
export class RequestRemindersSweeper implements Sweeper {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async sweep(now: Date): Promise<number> {
    let acted = 0;
    for (const step of STEPS) {
      acted += await sweepInBatches(this.dataSource, this.notifications, BATCH, async (manager) => {
        const done = await this.batch(manager, step, now);
        return { seen: done, done };
      });
    }
    return acted;
  }

  private async batch(manager: EntityManager, step: Step, now: Date): Promise<number> {
    const due = await manager.query<DueState[]>(
      `SELECT ${MESSAGE_FACTS_SQL}, s.member_state_code AS "memberStateCode", q.due_at AS "dueAt"
         FROM message_request_state s
         JOIN message_request q ON q.message_id = s.message_id
         JOIN message m ON m.id = q.message_id
         JOIN network n ON n.id = q.network_id
        WHERE s.answered_at IS NULL AND q.closed_at IS NULL AND ${step.due}
        ORDER BY q.due_at, s.message_id, s.member_state_code
        LIMIT $2
        FOR UPDATE OF s SKIP LOCKED`,
      [now, BATCH],
    );
    for (const state of due) {
      await manager.query(
        `UPDATE message_request_state SET ${step.set}
          WHERE message_id = $2 AND member_state_code = $3`,
        [now, state.messageId, state.memberStateCode],
      );
      const recipients = await stateRecipients(manager, state.messageId, state.memberStateCode);
      await notifyAbout(this.notifications, manager, step.kind, recipients, state);
      await this.audit.record(manager, {
        type: AuditEventType.REQUEST_REMINDED,
        actorId: null,
        actorRole: 'SYSTEM',
        subjectType: 'message',
        subjectId: state.messageId,
        memberState: state.memberStateCode,
        details: {
          step: step.name,
          dueAt: state.dueAt.toISOString(),
          recipients: recipients.length,
        },
      });
    }
    return due.length;
  }
}
