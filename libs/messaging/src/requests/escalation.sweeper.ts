import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { DeadlineSweeper, type Sweeper } from '@fpn/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { ESCALATION_MINUTES_SQL, MAX_ESCALATION_MINUTES } from './request-policy';
import {
  alternatesAndCoordinators,
  MESSAGE_FACTS_SQL,
  type MessageFacts,
  notifyAbout,
  sweepInBatches,
} from './request-notices';

const BATCH = 50;

type Unacknowledged = MessageFacts & { networkId: string; memberStateCode: string };

/**
 * Raises an urgent or flash message, or a request, that nobody of an
 * addressed state acknowledged within the network's escalation time, to
 * that state's alternates in the network and its coordinators: once per
 * message and state (the message_escalation row, inserted ON CONFLICT DO
 * NOTHING, is the claim). An answered state, a closed request, and the
 * sender's own state are never raised.
 */
@Injectable()
@DeadlineSweeper()
export class EscalationSweeper implements Sweeper {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  sweep(now: Date): Promise<number> {
    return sweepInBatches(this.dataSource, this.notifications, BATCH, (manager) =>
      this.batch(manager, now),
    );
  }

  private async batch(manager: EntityManager, now: Date): Promise<{ seen: number; done: number }> {
    const due = await manager.query<Unacknowledged[]>(
      `SELECT ${MESSAGE_FACTS_SQL}, t.network_id AS "networkId", st.code AS "memberStateCode"
         FROM message m
         JOIN message_thread t ON t.id = m.thread_id
         JOIN network n ON n.id = t.network_id
         LEFT JOIN message_request q ON q.message_id = m.id
         LEFT JOIN network_request_policy p ON p.network_id = t.network_id
        CROSS JOIN LATERAL (
              SELECT DISTINCT r.member_state_code AS code FROM message_recipient r
               WHERE r.message_id = m.id AND r.member_state_code IS NOT NULL
                 AND r.member_state_code IS DISTINCT FROM m.sender_member_state_code) st
        WHERE (m.priority IN ('urgent', 'flash') OR q.message_id IS NOT NULL)
          AND q.closed_at IS NULL
          -- No escalation time is longer: older traffic is never scanned again.
          AND m.sent_at > $1::timestamptz - make_interval(mins => ${MAX_ESCALATION_MINUTES + 60})
          AND m.sent_at + make_interval(mins => ${ESCALATION_MINUTES_SQL}) <= $1
          AND NOT EXISTS (SELECT 1 FROM message_escalation e
                           WHERE e.message_id = m.id AND e.member_state_code = st.code)
          AND NOT EXISTS (SELECT 1 FROM message_recipient r
                           WHERE r.message_id = m.id AND r.member_state_code = st.code
                             AND r.acknowledged_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM message_request_state s
                           WHERE s.message_id = m.id AND s.member_state_code = st.code
                             AND s.answered_at IS NOT NULL)
        ORDER BY m.sent_at, m.id, st.code
        LIMIT $2`,
      [now, BATCH],
    );
    let raised = 0;
    for (const item of due) {
      const recipients = await alternatesAndCoordinators(
        manager,
        item.networkId,
        item.memberStateCode,
      );
      const claimed = await manager.query<unknown[]>(
        `INSERT INTO message_escalation (message_id, member_state_code, escalated_at, notified)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING message_id`,
        [item.messageId, item.memberStateCode, now, recipients.length],
      );
      if (claimed.length === 0) continue;
      await notifyAbout(
        this.notifications,
        manager,
        NotificationKind.MESSAGE_ESCALATED,
        recipients,
        item,
      );
      await this.audit.record(manager, {
        type: AuditEventType.MESSAGE_ESCALATED,
        actorId: null,
        actorRole: 'SYSTEM',
        subjectType: 'message',
        subjectId: item.messageId,
        memberState: item.memberStateCode,
        details: {
          networkKey: item.networkKey,
          category: item.category,
          priority: item.priority,
          sentAt: item.sentAt.toISOString(),
          notified: recipients.length,
        },
      });
      raised++;
    }
    return { seen: due.length, done: raised };
  }
}
