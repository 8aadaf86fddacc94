import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { DeadlineSweeper, type Sweeper } from '@fpn/queue';
import { DataSource, type EntityManager } from 'typeorm';
import {
  coordinatorsOf,
  MESSAGE_FACTS_SQL,
  type MessageFacts,
  type NoticeRecipient,
  notifyAbout,
  sweepInBatches,
} from './request-notices';

const BATCH = 50;

type Departed = MessageFacts & {
  fromUserId: string;
  personName: string;
  memberStateCode: string;
  networkId: string;
  threadId: string;
  dueAt: Date;
};

/**
 * Handover (docs/messaging.md): an addressed person of an open request
 * (unanswered by their state, not closed) who no longer acts in its network
 * — their entry retired or suspended, or their account suspended — passes
 * it to their state's remaining active focal points there: they become
 * addressed people of the request (status, acknowledgement, escalation,
 * answering) and take part in its thread; they and the state's coordinators
 * are told. The directory never calls messaging: this sweep reads the
 * directory's state. Once per request and person (the handover row).
 *
 * The new people cannot decrypt the request: it was sealed before they were
 * addressed, and the server holds no key. The notice says so and tells them
 * to ask the sender for it.
 */
@Injectable()
@DeadlineSweeper()
export class HandoverSweeper implements Sweeper {
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
    const departed = await manager.query<Departed[]>(
      `SELECT ${MESSAGE_FACTS_SQL}, r.user_id AS "fromUserId", u.display_name AS "personName",
              r.member_state_code AS "memberStateCode", q.network_id AS "networkId",
              m.thread_id AS "threadId", q.due_at AS "dueAt"
         FROM message_request q
         JOIN message_request_state s ON s.message_id = q.message_id AND s.answered_at IS NULL
         JOIN message_recipient r
           ON r.message_id = s.message_id AND r.member_state_code = s.member_state_code
         JOIN user_account u ON u.id = r.user_id
         JOIN message m ON m.id = q.message_id
         JOIN network n ON n.id = q.network_id
        WHERE q.closed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM message_request_handover h
                           WHERE h.message_id = r.message_id AND h.from_user_id = r.user_id)
          AND (u.status <> 'active' OR NOT EXISTS (
                SELECT 1 FROM focal_point fp
                  JOIN network_membership nm ON nm.focal_point_id = fp.id
                 WHERE fp.user_id = r.user_id AND fp.status = 'active'
                   AND nm.network_id = q.network_id))
        ORDER BY q.sent_at, r.message_id, r.user_id
        LIMIT $1`,
      [BATCH],
    );
    let done = 0;
    for (const item of departed) {
      const colleagues = await this.colleagues(manager, item);
      const claimed = await manager.query<unknown[]>(
        `INSERT INTO message_request_handover (message_id, from_user_id, member_state_code,
                                               to_user_ids, handed_over_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING message_id`,
        [
          item.messageId,
          item.fromUserId,
          item.memberStateCode,
          colleagues.map((c) => c.userId),
          now,
        ],
      );
      if (claimed.length === 0) continue;
      if (colleagues.length > 0) {
        const ids = colleagues.map((c) => c.userId);
        await manager.query(
          `INSERT INTO message_recipient (message_id, user_id, member_state_code)
           SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id
           ON CONFLICT DO NOTHING`,
          [item.messageId, ids, item.memberStateCode],
        );
        await manager.query(
          `INSERT INTO message_thread_participant (user_id, thread_id, joined_at)
           SELECT id, $2, $3 FROM unnest($1::uuid[]) AS id
           ON CONFLICT DO NOTHING`,
          [ids, item.threadId, now],
        );
      }
      const coordinators = await coordinatorsOf(manager, item.memberStateCode);
      const told = new Map<string, NoticeRecipient>(
        [...colleagues, ...coordinators].map((person) => [person.userId, person]),
      );
      await notifyAbout(
        this.notifications,
        manager,
        NotificationKind.REQUEST_HANDED_OVER,
        [...told.values()],
        item,
      );
      await this.audit.record(manager, {
        type: AuditEventType.REQUEST_HANDED_OVER,
        actorId: null,
        actorRole: 'SYSTEM',
        subjectType: 'message',
        subjectId: item.messageId,
        memberState: item.memberStateCode,
        details: {
          fromUserId: item.fromUserId,
          toUserIds: colleagues.map((c) => c.userId),
          coordinators: coordinators.length,
        },
      });
      done++;
    }
    return { seen: departed.length, done };
  }

  /** The state's other active focal points in the network, with an active account, not yet addressed. */
  private colleagues(manager: EntityManager, item: Departed): Promise<NoticeRecipient[]> {
    return manager.query<NoticeRecipient[]>(
      `SELECT DISTINCT u.id AS "userId", u.email, u.display_name AS "displayName", u.language
         FROM focal_point fp
         JOIN network_membership nm ON nm.focal_point_id = fp.id
         JOIN user_account u ON u.id = fp.user_id
        WHERE nm.network_id = $1 AND fp.member_state_code = $2 AND fp.status = 'active'
          AND u.status = 'active' AND u.id <> $4
          AND NOT EXISTS (SELECT 1 FROM message_recipient r
                           WHERE r.message_id = $3 AND r.user_id = u.id)
        ORDER BY u.email`,
      [item.networkId, item.memberStateCode, item.messageId, item.fromUserId],
    );
  }
}
