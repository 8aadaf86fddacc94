import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { Authenticated, DomainError, ErrorCode } from '@fpn/core';
import { LiveEvents } from '@fpn/queue';
import type { NotificationEntity } from '../entities/notification.entity';
import { type NotificationEvent, notificationChannel } from '../dispatch/in-app-pusher.service';
import type { NotificationKind } from '../notification-kind';
import { CallerId } from './caller-id.decorator';
import { NotificationInbox } from './notification-inbox.service';
import { NotificationModel, NotificationPage } from './notifications.types';

const toModel = (row: NotificationEntity): NotificationModel =>
  Object.assign(new NotificationModel(), {
    id: row.id,
    kind: row.kind as NotificationKind,
    params: JSON.stringify(row.params),
    createdAt: row.createdAt,
    readAt: row.readAt,
  });

/** The signed-in account's own notifications; nobody reads another's. */
@Resolver(() => NotificationModel)
export class NotificationsResolver {
  constructor(
    private readonly inbox: NotificationInbox,
    private readonly live: LiveEvents,
  ) {}

  @Query(() => NotificationPage, { description: 'Your notifications, newest first.' })
  @Authenticated()
  async notifications(
    @CallerId() userId: string,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('unreadOnly', { type: () => Boolean, defaultValue: false }) unreadOnly: boolean,
  ): Promise<NotificationPage> {
    const page = await this.inbox.page(userId, { first, after: after ?? undefined, unreadOnly });
    return { entries: page.entries.map(toModel), nextCursor: page.nextCursor };
  }

  @Query(() => Int, { description: 'How many of your notifications are unread.' })
  @Authenticated()
  unreadNotificationCount(@CallerId() userId: string): Promise<number> {
    return this.inbox.unreadCount(userId);
  }

  @Mutation(() => Int, {
    description:
      'Marks these of your notifications read; returns how many were unread. Ids that are not yours count 0.',
  })
  @Authenticated()
  markNotificationsRead(
    @CallerId() userId: string,
    @Args('ids', { type: () => [ID] }) ids: string[],
  ): Promise<number> {
    return this.inbox.markRead(userId, ids);
  }

  @Mutation(() => Int, { description: 'Marks all your notifications read; returns how many.' })
  @Authenticated()
  markAllNotificationsRead(@CallerId() userId: string): Promise<number> {
    return this.inbox.markAllRead(userId);
  }

  @Subscription(() => NotificationModel, {
    description: 'Each new notification of yours, as it happens. Catch up with `notifications`.',
    resolve: (event: NotificationEvent | undefined): NotificationModel => {
      // Over HTTP a subscription runs once with no event: refuse it plainly.
      if (!event) {
        throw new DomainError(ErrorCode.BadUserInput, 'Subscriptions are served over WebSocket');
      }
      return Object.assign(new NotificationModel(), {
        id: event.id,
        kind: event.kind as NotificationKind,
        params: JSON.stringify(event.params),
        createdAt: new Date(event.createdAt),
        readAt: null,
      });
    },
  })
  @Authenticated()
  notificationAdded(@CallerId() userId: string): AsyncIterableIterator<NotificationEvent> {
    return this.live.iterator<NotificationEvent>(notificationChannel(userId));
  }
}
