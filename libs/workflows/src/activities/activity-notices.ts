import { Injectable } from '@nestjs/common';
import { type MailLanguage, NotificationKind, NotificationsService } from '@fpn/notifications';
import type { EntityManager } from 'typeorm';
import type { ActivityView } from './activity-reader.service';

interface Recipient {
  userId: string;
  email: string;
  displayName: string;
  language: MailLanguage;
}

/**
 * Tells the coordinators about activities, in the transaction of the change
 * (the caller dispatches after commit): a planned one goes to every state's
 * coordinators, since each state decides whether to take part; a
 * cancellation to the coordinators of the states that had joined.
 */
@Injectable()
export class ActivityNotices {
  constructor(private readonly notifications: NotificationsService) {}

  async planned(manager: EntityManager, view: ActivityView): Promise<number> {
    return this.send(manager, NotificationKind.ACTIVITY_PLANNED, view, null);
  }

  async cancelled(manager: EntityManager, view: ActivityView): Promise<number> {
    const states = view.participants.map((p) => p.memberStateCode);
    return states.length
      ? this.send(manager, NotificationKind.ACTIVITY_CANCELLED, view, states)
      : 0;
  }

  /** After the transaction committed: e-mails go out now rather than at the next poll. */
  dispatchSoon(): Promise<void> {
    return this.notifications.dispatchSoon();
  }

  private async send(
    manager: EntityManager,
    kind: NotificationKind.ACTIVITY_PLANNED | NotificationKind.ACTIVITY_CANCELLED,
    { activity, network }: ActivityView,
    states: string[] | null,
  ): Promise<number> {
    const recipients = await manager.query<Recipient[]>(
      `SELECT u.id AS "userId", u.email, u.display_name AS "displayName", u.language
         FROM user_account u
        WHERE u.role = 'STATE_COORDINATOR' AND u.status = 'active'
          AND ($1::text[] IS NULL OR u.member_state_code = ANY ($1::text[]))
        ORDER BY u.member_state_code, u.email`,
      [states],
    );
    for (const recipient of recipients) {
      await this.notifications.notify(manager, {
        userId: recipient.userId,
        kind,
        params: {
          displayName: recipient.displayName,
          activityId: activity.id,
          activityKind: activity.kind,
          titleEn: activity.titleEn,
          titleRu: activity.titleRu,
          networkNameEn: network.nameEn,
          networkNameRu: network.nameRu,
          startsAt: activity.startsAt.toISOString(),
          timeZone: activity.timeZone,
          venue: activity.venue,
          online: activity.online,
        },
        email: { to: recipient.email, language: recipient.language },
      });
    }
    return recipients.length;
  }
}
