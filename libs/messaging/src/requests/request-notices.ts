import type { MailLanguage, NotificationKind, NotificationsService } from '@fpn/notifications';
import type { DataSource, EntityManager } from 'typeorm';

/** Someone a request notice goes to: in the app, and by e-mail in their language. */
export interface NoticeRecipient {
  userId: string;
  email: string;
  displayName: string;
  language: MailLanguage;
}

/** What every notice about a message says: its visible metadata, never content. */
export interface MessageFacts {
  messageId: string;
  networkKey: string;
  networkNameEn: string;
  networkNameRu: string;
  /** GraphQL enum values (upper case). */
  category: string;
  priority: string;
  senderMemberStateCode: string | null;
  sentAt: Date;
}

/** SQL selecting MessageFacts for `m` (message) joined to `t` (thread) and `n` (network). */
export const MESSAGE_FACTS_SQL = `m.id AS "messageId", n.key AS "networkKey",
  n.name_en AS "networkNameEn", n.name_ru AS "networkNameRu",
  upper(m.category::text) AS category, upper(m.priority::text) AS priority,
  m.sender_member_state_code AS "senderMemberStateCode", m.sent_at AS "sentAt"`;

const RECIPIENT_COLUMNS = `u.id AS "userId", u.email, u.display_name AS "displayName", u.language`;

/** The active addressed people of one state for a message. */
export function stateRecipients(
  manager: EntityManager,
  messageId: string,
  memberStateCode: string,
): Promise<NoticeRecipient[]> {
  return manager.query<NoticeRecipient[]>(
    `SELECT ${RECIPIENT_COLUMNS}
       FROM message_recipient r JOIN user_account u ON u.id = r.user_id
      WHERE r.message_id = $1 AND r.member_state_code = $2 AND u.status = 'active'
      ORDER BY u.email`,
    [messageId, memberStateCode],
  );
}

/** The state's active coordinators. */
export function coordinatorsOf(
  manager: EntityManager,
  memberStateCode: string,
): Promise<NoticeRecipient[]> {
  return manager.query<NoticeRecipient[]>(
    `SELECT ${RECIPIENT_COLUMNS} FROM user_account u
      WHERE u.role = 'STATE_COORDINATOR' AND u.member_state_code = $1 AND u.status = 'active'
      ORDER BY u.email`,
    [memberStateCode],
  );
}

/** The state's active alternate focal points in the network (with an active account), and its coordinators. */
export function alternatesAndCoordinators(
  manager: EntityManager,
  networkId: string,
  memberStateCode: string,
): Promise<NoticeRecipient[]> {
  return manager.query<NoticeRecipient[]>(
    `SELECT ${RECIPIENT_COLUMNS} FROM user_account u
      WHERE u.status = 'active'
        AND (u.id IN (SELECT fp.user_id FROM focal_point fp
                        JOIN network_membership nm ON nm.focal_point_id = fp.id
                       WHERE nm.network_id = $1 AND nm.role = 'alternate'
                         AND fp.status = 'active' AND fp.member_state_code = $2)
             OR (u.role = 'STATE_COORDINATOR' AND u.member_state_code = $2))
      ORDER BY u.email`,
    [networkId, memberStateCode],
  );
}

/** One notice, in the app and by e-mail, about a message and one addressed state. */
export async function notifyAbout<
  K extends
    | NotificationKind.REQUEST_DUE_SOON
    | NotificationKind.REQUEST_OVERDUE
    | NotificationKind.MESSAGE_ESCALATED
    | NotificationKind.REQUEST_HANDED_OVER,
>(
  notifications: NotificationsService,
  manager: EntityManager,
  kind: K,
  recipients: NoticeRecipient[],
  facts: MessageFacts & { memberStateCode: string; dueAt?: Date; personName?: string },
): Promise<void> {
  for (const recipient of recipients) {
    const params = {
      displayName: recipient.displayName,
      messageId: facts.messageId,
      networkKey: facts.networkKey,
      networkNameEn: facts.networkNameEn,
      networkNameRu: facts.networkNameRu,
      category: facts.category,
      priority: facts.priority,
      senderMemberStateCode: facts.senderMemberStateCode,
      memberStateCode: facts.memberStateCode,
      sentAt: facts.sentAt.toISOString(),
      ...(facts.dueAt ? { dueAt: facts.dueAt.toISOString() } : {}),
      ...(facts.personName ? { personName: facts.personName } : {}),
    };
    await notifications.notify(manager, {
      userId: recipient.userId,
      kind,
      // The kind decides which of these its template reads; the shape is MessageNotice's.
      params: params as never,
      email: { to: recipient.email, language: recipient.language },
    });
  }
}

/**
 * A sweep in batches: each batch in its own transaction (rows claimed with
 * FOR UPDATE SKIP LOCKED commit with their notices and audit entries), until
 * a batch sees fewer rows than it may take; then the notification dispatch
 * is woken if anything was done. Returns how many were acted on.
 */
export async function sweepInBatches(
  dataSource: DataSource,
  notifications: NotificationsService,
  batchSize: number,
  batch: (manager: EntityManager) => Promise<{ seen: number; done: number }>,
): Promise<number> {
  let acted = 0;
  for (;;) {
    const { seen, done } = await dataSource.transaction(batch);
    acted += done;
    if (seen < batchSize) break;
  }
  if (acted > 0) await notifications.dispatchSoon();
  return acted;
}
